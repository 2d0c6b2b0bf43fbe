import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { ErrorAlert } from '../components/feedback.js';
import { TableFrame } from '../programmes/TableFrame.js';

interface Usage { month: string; kind: string; kindLabel: string; sent: number; dealtWith: number }

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const monthFr = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Administrators see whether reminders work: how many went out, and how many items were dealt with afterwards. */
export function ReminderUsage() {
  const { data, error, reload } = useApi<{ items: Usage[] }>('/api/admin/reminders');
  return (
    <section aria-labelledby="rappels-titre" className={fr.cx('fr-mt-6w')}>
      <h2 id="rappels-titre">Rappels d’échéance</h2>
      <p>Rappels envoyés la veille et le jour de chaque échéance (avis des partenaires, réponses des entreprises), et part des éléments traités ensuite.</p>
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <p>Aucun rappel envoyé pour le moment.</p>}
      {data && data.items.length > 0 && (
        <TableFrame caption="Rappels envoyés et éléments traités ensuite, par mois et par type" head={<>
          <th scope="col">Mois</th><th scope="col">Type</th><th scope="col" className="parcours-numeric">Rappels envoyés</th>
          <th scope="col" className="parcours-numeric">Traités ensuite</th><th scope="col" className="parcours-numeric">Part traitée</th>
        </>}>
          {data.items.map((u) => (
            <tr key={`${u.month}-${u.kind}`}>
              <th scope="row">{monthFr(u.month)}</th><td>{u.kindLabel}</td>
              <td className="parcours-numeric">{u.sent}</td><td className="parcours-numeric">{u.dealtWith}</td>
              <td className="parcours-numeric">{Math.round((100 * u.dealtWith) / u.sent)} %</td>
            </tr>
          ))}
        </TableFrame>
      )}
    </section>
  );
}
