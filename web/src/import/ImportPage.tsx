import { useRef, useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { api, type ApiError } from '../api/client.js';
import { useMutation } from '../api/useApi.js';
import { ErrorAlert } from '../components/feedback.js';
import { formatNumber, Money } from '../components/format.js';
import { Page } from '../components/Page.js';
import { IMPORT_COLUMNS, templateCsv } from './layout.js';
import {
  CsvTemplateLink, ImportCheckReport as CheckReport, ImportJobOutcome,
  type ImportCheckResult, type ImportSuccess,
} from '../components/importing.js';
import { TableFrame } from '../programmes/TableFrame.js';
import './import.css';

/** POST /api/imports/funding-requests/check */
type CheckResult = ImportCheckResult;

/** An accepted import job's result (src/weeklyCell/import/importService.ts). */
type ImportSuccessResult = ImportSuccess & {
  companiesCreated: number;
  totals: { traineeCount: number; trainingHours: number; totalCostCents: number; committedCents: number; paidCents: number };
};

const FILE_ID = 'fichier-import';

/** /import — brings past funding requests in from a spreadsheet (CSV or XLSX): check, then import in the background. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [checked, setChecked] = useState<CheckResult | undefined>();
  const [jobId, setJobId] = useState<number | undefined>();
  const [jobFinished, setJobFinished] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const form = () => { const data = new FormData(); data.append('file', file!); return data; };
  const needFile = () => {
    if (file) return true;
    setFileError('Choisissez un fichier CSV ou XLSX.');
    inputRef.current?.focus();
    return false;
  };
  const check = useMutation(async () => {
    const result = await api.post<CheckResult>('/api/imports/funding-requests/check', form());
    setChecked(result);
  });
  const upload = useMutation(async () => {
    const answer = await api.post<{ jobId: number; message: string }>('/api/imports/funding-requests', form());
    setJobFinished(false);
    setJobId(answer.jobId);
  });

  const choose = (next: File | null) => {
    setFile(next);
    setFileError(next && !/\.(csv|xlsx)$/i.test(next.name) ? 'Le fichier doit être au format CSV (.csv) ou XLSX (.xlsx).' : undefined);
    setChecked(undefined);
    setJobId(undefined);
    check.reset();
    upload.reset();
  };

  const busy = check.pending || upload.pending || (jobId !== undefined && !jobFinished);
  const requestError: ApiError | undefined = check.error ?? upload.error;

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
        <form noValidate onSubmit={(e) => { e.preventDefault(); if (needFile() && !fileError) void upload.run(); }}>
          <div className={fr.cx('fr-upload-group', fileError ? 'fr-input-group--error' : undefined)}>
            <label className={fr.cx('fr-label')} htmlFor={FILE_ID}>
              Fichier à importer<span aria-hidden="true"> *</span><span className={fr.cx('fr-sr-only')}> (obligatoire)</span>
              <span className={fr.cx('fr-hint-text')}>Formats acceptés : CSV (séparateur point-virgule, UTF-8) ou XLSX. Taille maximale : 20 Mo.</span>
            </label>
            <input ref={inputRef} className={fr.cx('fr-upload')} type="file" id={FILE_ID} name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={`${FILE_ID}-messages`} aria-invalid={fileError ? true : undefined} aria-required="true"
              onChange={(e) => choose(e.target.files?.[0] ?? null)} disabled={upload.pending || (jobId !== undefined && !jobFinished)} />
            <div className={fr.cx('fr-messages-group')} id={`${FILE_ID}-messages`} aria-live="polite">
              {fileError && <p className={fr.cx('fr-message', 'fr-message--error')}>{fileError}</p>}
            </div>
          </div>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left', 'fr-mt-3w')}>
            <li>
              <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-search-line', 'fr-btn--icon-left')} disabled={busy}
                onClick={() => { if (needFile() && !fileError) void check.run(); }}>
                {check.pending ? 'Vérification en cours…' : 'Vérifier le fichier'}
              </button>
            </li>
            <li>
              <button type="submit" className={fr.cx('fr-btn', 'fr-icon-upload-line', 'fr-btn--icon-left')} disabled={busy}>
                {upload.pending ? 'Envoi en cours…' : 'Importer'}
              </button>
            </li>
          </ul>
        </form>
        {requestError && <ErrorAlert error={requestError} title={check.error ? 'La vérification n’a pas pu être faite' : 'L’import n’a pas pu être lancé'} />}
        {checked && !jobId && <CheckReport result={checked} />}
        {jobId !== undefined && <ImportJob key={jobId} jobId={jobId} onFinished={() => setJobFinished(true)} onAgain={() => { choose(null); if (inputRef.current) inputRef.current.value = ''; inputRef.current?.focus(); }} />}
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
