import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { DateFr, formatNumber } from '../components/format.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { ObservatoryNav } from './ObservatoryNav.js';
import { percentText, SyntheticBadge } from './format.js';
import type { Overview } from './types.js';
import './observatory.css';

const DATASET_LABELS: Record<string, string> = {
  bmo: 'Enquête BMO', market: 'Demandeurs et offres', mobility: 'Mobilités ROME', permits: 'Permis G (OFS)', residents: 'Résidents travaillant en Suisse', crosswalk: 'Passage FAP ↔ ROME',
};

/** /observatoire: the employment areas, the method, the data loaded and how alerts are used. */
export function ObservatoryPage() {
  const { data, error, loading, reload } = useApi<Overview>('/api/observatory');
  return (
    <Page title="Observatoire (Acte III)" breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }]}
      lead="Tension des métiers par zone d’emploi, paradoxe du chômage, sorties du « tout auto », frontière suisse et métiers d’avenir, reliés à ce que le partenariat finance.">
      <ObservatoryNav />
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && (
        <>
          <SyntheticBadge synthetic={data.synthetic} />
          <h2 className={fr.cx('fr-h4')}>Zones d’emploi {data.year ? `— enquête ${data.year}` : ''}</h2>
          {data.year === null ? <p>Aucune donnée importée pour l’instant.</p> : (
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-4w')}>
              {data.areas.map((a) => (
                <div key={a.code} className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                  <div className={fr.cx('fr-tile', 'fr-enlarge-link')}>
                    <div className={fr.cx('fr-tile__body')}>
                      <div className={fr.cx('fr-tile__content')}>
                        <h3 className={fr.cx('fr-tile__title')}><Link to={`/observatoire/zones/${a.code}`}>{a.label}</Link></h3>
                        <p className={fr.cx('fr-tile__detail')}>{formatNumber(a.jobs)} métiers suivis</p>
                      </div>
                    </div>
                  </div>
                </div>
              ))}
            </div>
          )}
          <h2 className={fr.cx('fr-h4')}>Méthode de l’indicateur de tension</h2>
          <p>
            Moyenne pondérée de trois composantes, chacune centrée et réduite sur sa distribution de référence
            ({data.reference.fallback ? `toutes les années disponibles, ${data.reference.from}–${data.reference.to}, faute de données pour les années de référence de la méthode` : `années ${data.reference.from}–${data.reference.to}`}) :
          </p>
          <ul>
            <li>{Math.round(data.method.weights.offersPerSeeker * 100)} % {data.method.components.offersPerSeeker} ;</li>
            <li>{Math.round(data.method.weights.exitRate * 100)} % {data.method.components.exitRate} ;</li>
            <li>{Math.round(data.method.weights.difficultShare * 100)} % {data.method.components.difficultShare}.</li>
          </ul>
          <p>Au-dessus de 0, un métier connaît plus de tension que la moyenne de référence. Les facteurs (intensité d’embauche, manque de main-d’œuvre, emploi non durable, décalage géographique) sont classés de 1 à 5 par quintile. Les listes légales de « métiers en tension » sont une autre chose et ne sont pas mêlées à cet indicateur.</p>
          <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Usage des alertes</h2>
          <p>
            {formatNumber(data.alerts.opened)} alertes ouvertes, {formatNumber(data.alerts.inDigest)} envoyées dans un récapitulatif,
            {' '}{formatNumber(data.alerts.seen)} consultées, {formatNumber(data.alerts.acted)} suivies d’une action ({percentText(data.alerts.actedShareBp)}).
            {' '}<Link to="/observatoire/alertes">Voir les alertes</Link>
          </p>
          <TableFrame caption="Données chargées (les 20 derniers imports)"
            head={<><th scope="col">Jeu de données</th><th scope="col">Fichier</th><th scope="col">Années</th><th scope="col" className="parcours-numeric">Lignes gardées</th><th scope="col" className="parcours-numeric">Valeurs secrètes</th><th scope="col">Importé le</th></>}>
            {data.imports.map((i) => (
              <tr key={i.id}>
                <th scope="row">{DATASET_LABELS[i.dataset] ?? i.dataset}{i.isSynthetic && <> <span className={fr.cx('fr-badge', 'fr-badge--sm', 'fr-badge--info', 'fr-badge--no-icon')}>données synthétiques</span></>}</th>
                <td>{i.filename}</td><td>{i.years || '—'}</td>
                <td className="parcours-numeric">{formatNumber(i.keptCount)}</td><td className="parcours-numeric">{formatNumber(i.maskedCount)}</td>
                <td><DateFr value={i.importedAt} style="withTime" /></td>
              </tr>
            ))}
          </TableFrame>
        </>
      )}
    </Page>
  );
}
