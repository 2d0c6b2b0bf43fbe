import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { formatNumber, pluralFr } from '../components/format.js';
import { ImportFileForm, ImportJobOutcome, type ImportSuccess } from '../components/importing.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { ObservatoryNav, OBSERVATORY } from './ObservatoryNav.js';
import type { Overview } from './types.js';
import './observatory.css';

interface Dataset { key: string; label: string; columns: { key: string; label: string; required: boolean; aliases: string[] }[] }
type ObservatoryImportSuccess = ImportSuccess & { years: number[]; masked: number; outside: number; alerts: number };

/** /observatoire/import: the published files in their own layouts, checked then imported all or nothing. */
export function ObservatoryImportPage() {
  const overview = useApi<Overview>('/api/observatory');
  const allowed = overview.data?.may.importData ?? false;
  const datasets = useApi<Dataset[]>(allowed ? '/api/observatory/datasets' : null);
  const [key, setKey] = useState('bmo');
  const dataset = datasets.data?.find((d) => d.key === key);
  return (
    <Page title="Importer des données du marché du travail" breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }, OBSERVATORY]}
      lead="Chaque fichier est lu dans sa présentation officielle (les en-têtes qui changent d’une année à l’autre sont reconnus) ; un nouvel import d’une année remplace cette année.">
      <ObservatoryNav />
      {overview.loading && !overview.data && <Loading />}
      {overview.error && <ErrorAlert error={overview.error} />}
      {overview.data && !allowed && <p>L’import des données de l’observatoire est réservé aux administrateurs de la plateforme.</p>}
      {datasets.data && (
        <>
          <div className={fr.cx('fr-select-group')}>
            <label className={fr.cx('fr-label')} htmlFor="obs-dataset">Jeu de données</label>
            <select className={fr.cx('fr-select')} id="obs-dataset" value={key} onChange={(e) => setKey(e.target.value)}>
              {datasets.data.map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
            </select>
          </div>
          {dataset && (
            <TableFrame caption={`Colonnes lues : ${dataset.label}`}
              head={<><th scope="col">Colonne</th><th scope="col">Obligatoire</th><th scope="col">En-têtes reconnus</th></>}>
              {dataset.columns.map((c) => <tr key={c.key}><th scope="row">{c.label}</th><td>{c.required ? 'oui' : 'non'}</td><td>{c.aliases.join(', ')}</td></tr>)}
            </TableFrame>
          )}
          {key === 'bmo' && <p className={fr.cx('fr-text--sm')}>Un « * » est gardé comme valeur secrète, jamais comme zéro. Les lignes hors des zones d’emploi de Franche-Comté sont ignorées ; un bassin présent pour deux départements est additionné.</p>}
          <ImportFileForm key={key} fileId="fichier-observatoire" endpoint={`/api/observatory/imports/${key}`} checkLabel="Vérifier le fichier"
            job={(jobId, onFinished, onAgain) => (
              <ImportJobOutcome<ObservatoryImportSuccess> jobId={jobId} onFinished={onFinished} onAgain={onAgain}
                summary={(r) => <p>{r.years.length ? `Années : ${r.years.join(', ')}. ` : ''}{pluralFr(r.masked, 'valeur secrète', 'valeurs secrètes')}, {pluralFr(r.outside, 'ligne hors territoire', 'lignes hors territoire')}, {pluralFr(r.alerts, 'alerte ouverte', 'alertes ouvertes')}.</p>}
                list={() => ({ to: '/observatoire', label: 'Voir l’observatoire' })} />
            )} />
        </>
      )}
    </Page>
  );
}
