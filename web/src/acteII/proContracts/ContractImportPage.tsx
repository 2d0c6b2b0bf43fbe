import { useState } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useMutation } from '../../api/useApi.js';
import { Notice } from '../../components/feedback.js';
import { Page } from '../../components/Page.js';
import { ACTE_II_CRUMB, CONTRACTS_CRUMB } from '../common.js';

const COLUMNS: [string, string, string][] = [
  ['SIRET employeur', 'pour un OPCA ou le secrétariat', '14 chiffres'],
  ['OPCA', 'sauf si l’importateur est un OPCA', 'nom de l’OPCA'],
  ['Nom, Prénom', 'oui', 'texte'],
  ['Date de naissance, Date de début, Date de fin', 'oui', 'JJ/MM/AAAA ou AAAA-MM-JJ'],
  ['Sexe', 'oui', 'F / M'],
  ['Niveau, Niveau visé', 'oui', 'VI, Vbis, V, IV, III, II, I'],
  ['Qualification reconnue, Demandeur d’emploi', 'oui', 'oui / non'],
  ['Publics prioritaires', 'non', 'rsa, ass, aah, afterCui séparés par des virgules'],
  ['Type de contrat', 'oui', 'CDD / CDI'],
  ['Motif d’allongement', 'non', 'branchAgreement, noRecognisedQualification, priorityPublic'],
  ['Heures de formation', 'oui', 'nombre, décimales avec une virgule'],
  ['Qualification visée, Organisme de formation', 'oui', 'texte'],
  ['Salaire brut mensuel, Minimum de branche', 'oui / non', 'euros (« 1 234,56 »)'],
  ['Nom du tuteur, Prénom du tuteur, Naissance du tuteur, Expérience du tuteur (mois), Tuteur employeur', 'non', 'tuteur retrouvé par son nom dans l’entreprise, créé sinon'],
  ['Réservé binôme', 'non', 'oui / non'],
];

interface ImportResult { imported: number; ids: number[]; warnings: { line: number; message: string }[] }

/** /acte-ii/contrats/import — CSV or XLSX upload, all or nothing, line-numbered errors. */
export function ContractImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | undefined>();
  const upload = useMutation(async () => {
    setResult(undefined);
    const form = new FormData();
    form.append('file', file!);
    setResult(await api.post<ImportResult>('/api/pro-contracts/import', form));
  });
  const error = upload.error;
  return (
    <Page title="Importer des contrats" breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]} size="narrow"
      lead="Un fichier CSV (séparateur « ; ») ou XLSX, 2 000 lignes au plus. L’import est tout ou rien : à la moindre erreur, aucun contrat n’est enregistré et chaque erreur est indiquée avec son numéro de ligne.">
      <form onSubmit={(e) => { e.preventDefault(); if (file) void upload.run(); }} aria-label="Import de contrats">
        <div className={fr.cx('fr-upload-group', error ? 'fr-input-group--error' : undefined)}>
          <label className={fr.cx('fr-label')} htmlFor="fichier-contrats">Fichier des contrats
            <span className={fr.cx('fr-hint-text')}>Formats acceptés : .csv, .xlsx</span>
          </label>
          <input className={fr.cx('fr-upload')} type="file" id="fichier-contrats" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); upload.reset(); setResult(undefined); }} />
        </div>
        <button type="submit" className={fr.cx('fr-btn', 'fr-mt-3w')} disabled={!file || upload.pending}>{upload.pending ? 'Import en cours…' : 'Importer le fichier'}</button>
      </form>

      {error && (
        <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mt-4w')}>
          <h2 className={fr.cx('fr-alert__title')}>{error.message}</h2>
          {error.issues.length > 0 && <ul>{error.issues.map((i, k) => <li key={k}>{i.message}</li>)}</ul>}
        </div>
      )}
      {result && (
        <div className={fr.cx('fr-mt-4w')}>
          <Notice message={`${result.imported} contrat(s) importé(s).`} />
          {result.warnings.length > 0 && (
            <div className={fr.cx('fr-alert', 'fr-alert--warning')}>
              <h2 className={fr.cx('fr-alert__title')}>Points de vigilance</h2>
              <ul>{result.warnings.map((w, k) => <li key={k}>{w.message}</li>)}</ul>
            </div>
          )}
          <p className={fr.cx('fr-mt-2w')}><Link to="/acte-ii/contrats">Voir la liste des contrats</Link></p>
        </div>
      )}

      <h2 className={fr.cx('fr-mt-6w')}>Colonnes attendues</h2>
      <div className={fr.cx('fr-table')}>
        <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label="Colonnes du fichier d’import"><div className={fr.cx('fr-table__content')}>
          <table>
            <caption>Colonnes du fichier d’import</caption>
            <thead><tr><th scope="col">Colonne</th><th scope="col">Obligatoire</th><th scope="col">Format</th></tr></thead>
            <tbody>{COLUMNS.map(([c, r, f]) => <tr key={c}><th scope="row">{c}</th><td>{r}</td><td>{f}</td></tr>)}</tbody>
          </table>
        </div></div></div>
      </div>
    </Page>
  );
}
