import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useSession } from '../api/session.js';
import { useApi } from '../api/useApi.js';
import { EmptyState, ErrorAlert, FlashNotice, Loading } from '../components/feedback.js';
import { formatNumber } from '../components/format.js';
import { Page } from '../components/Page.js';
import { formatPeriod } from './labels.js';
import type { ProgrammeDetail, ProgrammeSummary } from './types.js';
import { TableFrame } from './TableFrame.js';
import './programmes.css';

/** /programmes — the acts of the partnership, each with its measures, periods and targets. */
export function ProgrammesPage() {
  const { can } = useSession();
  const admin = can('administerPlatform');
  const { data, error, loading, reload } = useApi<{ items: ProgrammeSummary[] }>('/api/programmes');
  return (
    <Page title="Programmes"
      lead="Les actes du partenariat : leurs dispositifs, leurs objectifs, les enveloppes de chaque financeur et les règles qui s’appliquent."
      actions={admin && <Link className={fr.cx('fr-btn', 'fr-icon-add-line', 'fr-btn--icon-left')} to="/programmes/nouveau">Créer un programme</Link>}>
      <FlashNotice />
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && data.items.length === 0 && (
        <EmptyState title="Aucun programme">{admin ? 'Créez le premier programme pour y ajouter des dispositifs.' : 'Aucun programme n’est encore configuré.'}</EmptyState>
      )}
      {data?.items.map((p) => <ProgrammeCard key={p.id} programme={p} />)}
    </Page>
  );
}

function ProgrammeCard({ programme: p }: { programme: ProgrammeSummary }) {
  // Targets come with the programme's detail; two or three programmes make this cheap.
  const detail = useApi<ProgrammeDetail>(`/api/programmes/${p.id}`);
  const targetsOf = (measureId: number) => detail.data?.measures.find((m) => m.id === measureId)?.targets;
  const headingId = `programme-${p.id}`;
  return (
    <section aria-labelledby={headingId} className={fr.cx('fr-mb-6w')}>
      <h2 id={headingId} className={fr.cx('fr-h3', 'fr-mb-1w')}>
        <Link to={`/programmes/${p.id}`}>{p.name}</Link>
      </h2>
      <p className={fr.cx('fr-mb-1w')}>
        <span className={fr.cx('fr-badge', 'fr-badge--sm', 'fr-badge--blue-ecume', 'fr-mr-1w')}>{p.code}</span>
        {formatPeriod(p.startsOn, p.endsOn).replace(/^./, (c) => c.toUpperCase())}
      </p>
      {p.description && <p>{p.description}</p>}
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm', 'fr-btns-group--icon-left')}>
        <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-eye-line')} to={`/programmes/${p.id}`} aria-label={`Voir le détail de ${p.name}`}>Voir le détail</Link></li>
        <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-bar-chart-box-line')} to={`/programmes/${p.id}/rapport`} aria-label={`Bilan de ${p.name}`}>Bilan du programme</Link></li>
      </ul>
      {p.measures.length === 0 ? (
        <p className={fr.cx('fr-text--sm')}>Aucun dispositif pour le moment.</p>
      ) : (
        <TableFrame hideCaption caption={`Dispositifs de ${p.name}`}
          head={<><th scope="col">Dispositif</th><th scope="col">Type</th><th scope="col">Période</th><th scope="col">Objectifs</th></>}>
                    {p.measures.map((m) => {
                      const targets = targetsOf(m.id);
                      return (
                        <tr key={m.id}>
                          <th scope="row"><span className={fr.cx('fr-text--bold')}>{m.code}</span><br />{m.name}</th>
                          <td>{m.kindLabel}</td>
                          <td>{formatPeriod(m.startsOn, m.endsOn)}</td>
                          <td>
                            {targets === undefined ? (detail.error ? '—' : 'Chargement…')
                              : targets.length === 0 ? 'Aucun objectif chiffré'
                                : (
                                  <ul className={fr.cx('fr-mb-0')}>
                                    {targets.map((t) => <li key={t.id}>{t.label} : <strong>{formatNumber(t.value)}</strong></li>)}
                                  </ul>
                                )}
                          </td>
                        </tr>
                      );
                    })}
                  </TableFrame>
      )}
    </section>
  );
}
