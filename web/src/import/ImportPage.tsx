import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { formatNumber, Money } from '../components/format.js';
import { Page } from '../components/Page.js';
import { IMPORT_COLUMNS, templateCsv } from './layout.js';
import { CsvTemplateLink, ImportFileForm, ImportJobOutcome, type ImportSuccess } from '../components/importing.js';
import { TableFrame } from '../programmes/TableFrame.js';
import './import.css';

/** An accepted import job's result (src/weeklyCell/import/importService.ts). */
type ImportSuccessResult = ImportSuccess & {
  companiesCreated: number;
  totals: { traineeCount: number; trainingHours: number; totalCostCents: number; committedCents: number; paidCents: number };
};

const FILE_ID = 'fichier-import';

/** /import — brings past funding requests in from a spreadsheet (CSV or XLSX): check, then import in the background. */
export function ImportPage() {
  return (
    <Page title="Importer des demandes passées"
      lead="Reprenez l’historique des demandes de financement (par exemple celles de l’Acte I) à partir d’un tableur : une ligne par demande, des chiffres agrégés seulement, aucun salarié nommé.">
      <section aria-labelledby="format" className={fr.cx('fr-mb-5w')}>
        <h2 id="format" className={fr.cx('fr-h4')}>Préparer le fichier</h2>
        <p>
          Le fichier compte une ligne d’en-têtes puis une ligne par demande. Les en-têtes sont reconnus sans tenir compte des majuscules ni des accents ;
          les colonnes facultatives peuvent être absentes. Les montants s’écrivent en euros (« 1 234,56 »), les dates au format JJ/MM/AAAA.
          Pour chaque demande accordée, les montants accordés additionnés égalent le coût total (coût pédagogique + coût salarial).
          Le fichier est contrôlé en entier : si une seule ligne est en erreur, rien n’est importé.
        </p>
        <CsvTemplateLink csv={templateCsv()} filename="modele-import-demandes.csv" />
        <Accordion label="Colonnes du fichier" titleAs="h3" className={fr.cx('fr-mt-3w')}>
          <TableFrame hideCaption caption="Colonnes du fichier d’import"
            head={<><th scope="col">Colonne</th><th scope="col">Obligatoire</th><th scope="col">Contenu attendu</th></>}>
            {IMPORT_COLUMNS.map((c) => (
              <tr key={c.header}><th scope="row">{c.header}</th><td>{c.required ? 'Oui' : 'Non'}</td><td>{c.help}</td></tr>
            ))}
          </TableFrame>
        </Accordion>
      </section>

      <section aria-labelledby="deposer">
        <h2 id="deposer" className={fr.cx('fr-h4')}>Déposer le fichier</h2>
        <ImportFileForm fileId={FILE_ID} endpoint="/api/imports/funding-requests" checkLabel="Vérifier le fichier"
          job={(jobId, onFinished, onAgain) => <ImportJob jobId={jobId} onFinished={onFinished} onAgain={onAgain} />} />
      </section>
    </Page>
  );
}

function ImportJob({ jobId, onAgain, onFinished }: { jobId: number; onAgain: () => void; onFinished: () => void }) {
  return (
    <ImportJobOutcome<ImportSuccessResult> jobId={jobId} onFinished={onFinished} onAgain={onAgain}
      list={(result) => ({ to: result.references.length === 1 ? `/demandes?q=${encodeURIComponent(result.references[0])}` : '/demandes', label: 'Voir les demandes' })}
      summary={(result) => (
        <>
          <dl className="parcours-import-figures">
            <div><dt>Demandes importées</dt><dd>{formatNumber(result.imported)}</dd></div>
            <div><dt>Entreprises créées</dt><dd>{formatNumber(result.companiesCreated)}</dd></div>
            <div><dt>Stagiaires</dt><dd>{formatNumber(result.totals.traineeCount)}</dd></div>
            <div><dt>Heures de formation</dt><dd>{formatNumber(result.totals.trainingHours)}</dd></div>
            <div><dt>Coût total</dt><dd><Money cents={result.totals.totalCostCents} /></dd></div>
            <div><dt>Engagé sur les enveloppes</dt><dd><Money cents={result.totals.committedCents} /></dd></div>
            <div><dt>Versé</dt><dd><Money cents={result.totals.paidCents} /></dd></div>
          </dl>
          {result.references.length > 0 && (
            <p>Références : {result.references.slice(0, 20).join(', ')}{result.references.length > 20 ? `, et ${formatNumber(result.references.length - 20)} autres` : ''}.</p>
          )}
        </>
      )} />
  );
}
