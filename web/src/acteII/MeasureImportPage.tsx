import { useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { api } from '../api/client.js';
import { useMutation } from '../api/useApi.js';
import { ErrorAlert } from '../components/feedback.js';
import { formatNumber } from '../components/format.js';
import type { Crumb } from '../components/Page.js';
import { Page } from '../components/Page.js';
import {
  CsvTemplateLink, ImportCheckReport, ImportJobOutcome, csvText,
  type ImportCheckResult, type ImportSuccess,
} from '../components/importing.js';
import { TableFrame } from '../programmes/TableFrame.js';
import type { ImportColumnDoc } from '../../../src/proContracts/import/columns.js';

/** An accepted Acte II import job's result (src/proContracts/import/engine.ts). */
type MeasureImportSuccess = ImportSuccess & { ids: number[] };

export interface MeasureImportProps {
  title: string;
  breadcrumb: Crumb[];
  lead: string;
  /** How the file is laid out, above the columns table. */
  layout: ReactNode;
  columns: readonly ImportColumnDoc[];
  /** Rows of the template, keyed by column key; the columns' examples when omitted. */
  exampleRows?: Record<string, string>[];
  templateFilename: string;
  /** e.g. /api/imports/pro-contracts (its check route is …/check). */
  endpoint: string;
  /** Whether the signed-in user may import (the server refuses anyway). */
  allowed: boolean;
  deniedText: string;
  /** The list page, and the detail page of an imported record. */
  list: { to: string; label: string };
  detailPath: (id: number) => string;
  /** « contrats importés », for the figure shown once done. */
  importedLabel: string;
}

const FILE_ID = 'fichier-import-acte-ii';

/**
 * An Acte II import: the layout explained, a template made in the browser, « Vérifier » (dry run)
 * and « Importer » (background job with its progress), then the outcome or every error by line.
 */
export function MeasureImportPage(props: MeasureImportProps) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [checked, setChecked] = useState<ImportCheckResult | undefined>();
  const [jobId, setJobId] = useState<number | undefined>();
  const [jobFinished, setJobFinished] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const form = () => { const data = new FormData(); data.append('file', file!); return data; };
  const needFile = () => {
    if (file && !fileError) return true;
    if (!file) setFileError('Choisissez un fichier CSV ou XLSX.');
    inputRef.current?.focus();
    return false;
  };
  const check = useMutation(async () => { setChecked(await api.post<ImportCheckResult>(`${props.endpoint}/check`, form())); });
  const upload = useMutation(async () => {
    const answer = await api.post<{ jobId: number; message: string }>(props.endpoint, form());
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
  const again = () => { choose(null); if (inputRef.current) inputRef.current.value = ''; inputRef.current?.focus(); };

  const running = jobId !== undefined && !jobFinished;
  const busy = check.pending || upload.pending || running;
  const rows = props.exampleRows ?? [Object.fromEntries(props.columns.map((c) => [c.key, c.example]))];
  const template = csvText(props.columns.map((c) => c.header), rows.map((r) => props.columns.map((c) => r[c.key] ?? '')));

  return (
    <Page title={props.title} breadcrumb={props.breadcrumb} lead={props.lead}>
      <section aria-labelledby="format" className={fr.cx('fr-mb-5w')}>
        <h2 id="format" className={fr.cx('fr-h4')}>Préparer le fichier</h2>
        {props.layout}
        <p>
          Les en-têtes sont reconnus sans tenir compte des majuscules ni des accents ; les colonnes facultatives peuvent être absentes.
          Les montants s’écrivent en euros (« 1 234,56 »), les dates au format JJ/MM/AAAA, les réponses par « oui » ou « non ».
          Le fichier est contrôlé en entier avec les mêmes règles que le formulaire : si une seule ligne est en erreur, rien n’est importé.
          2 000 lignes au plus par fichier.
        </p>
        <CsvTemplateLink csv={template} filename={props.templateFilename}
          detail={rows.length > 1 ? '(CSV, en-têtes et un exemple)' : '(CSV, en-têtes et une ligne d’exemple)'} />
        <Accordion label="Colonnes du fichier" titleAs="h3" className={fr.cx('fr-mt-3w')}>
          <TableFrame hideCaption caption="Colonnes du fichier d’import"
            head={<><th scope="col">Colonne</th><th scope="col">Obligatoire</th><th scope="col">Contenu attendu</th></>}>
            {props.columns.map((c) => (
              <tr key={c.key}><th scope="row">{c.header}</th><td>{c.required.charAt(0).toUpperCase() + c.required.slice(1)}</td><td>{c.help}</td></tr>
            ))}
          </TableFrame>
        </Accordion>
      </section>

      <section aria-labelledby="deposer">
        <h2 id="deposer" className={fr.cx('fr-h4')}>Déposer le fichier</h2>
        {!props.allowed ? (
          <div className={fr.cx('fr-alert', 'fr-alert--info')}><p>{props.deniedText}</p></div>
        ) : (
          <form noValidate onSubmit={(e) => { e.preventDefault(); if (needFile()) void upload.run(); }}>
            <div className={fr.cx('fr-upload-group', fileError ? 'fr-input-group--error' : undefined)}>
              <label className={fr.cx('fr-label')} htmlFor={FILE_ID}>
                Fichier à importer<span aria-hidden="true"> *</span><span className={fr.cx('fr-sr-only')}> (obligatoire)</span>
                <span className={fr.cx('fr-hint-text')}>Formats acceptés : CSV (séparateur point-virgule, UTF-8) ou XLSX. Taille maximale : 20 Mo.</span>
              </label>
              <input ref={inputRef} className={fr.cx('fr-upload')} type="file" id={FILE_ID} name="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={`${FILE_ID}-messages`} aria-invalid={fileError ? true : undefined} aria-required="true"
                onChange={(e) => choose(e.target.files?.[0] ?? null)} disabled={upload.pending || running} />
              <div className={fr.cx('fr-messages-group')} id={`${FILE_ID}-messages`} aria-live="polite">
                {fileError && <p className={fr.cx('fr-message', 'fr-message--error')}>{fileError}</p>}
              </div>
            </div>
            <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left', 'fr-mt-3w')}>
              <li>
                <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-search-line', 'fr-btn--icon-left')} disabled={busy}
                  onClick={() => { if (needFile()) void check.run(); }}>
                  {check.pending ? 'Vérification en cours…' : 'Vérifier'}
                </button>
              </li>
              <li>
                <button type="submit" className={fr.cx('fr-btn', 'fr-icon-upload-line', 'fr-btn--icon-left')} disabled={busy}>
                  {upload.pending ? 'Envoi en cours…' : 'Importer'}
                </button>
              </li>
            </ul>
          </form>
        )}
        {(check.error ?? upload.error) && <ErrorAlert error={(check.error ?? upload.error)!} title={check.error ? 'La vérification n’a pas pu être faite' : 'L’import n’a pas pu être lancé'} />}
        {checked && jobId === undefined && <ImportCheckReport result={checked} />}
        {jobId !== undefined && <ImportJob key={jobId} jobId={jobId} props={props} onFinished={() => setJobFinished(true)} onAgain={again} />}
      </section>
    </Page>
  );
}

function ImportJob({ jobId, props, onAgain, onFinished }: { jobId: number; props: MeasureImportProps; onAgain: () => void; onFinished: () => void }) {
  return (
    <ImportJobOutcome<MeasureImportSuccess> jobId={jobId} onFinished={onFinished} onAgain={onAgain} list={() => props.list}
      summary={(result) => (
        <p><strong>{formatNumber(result.imported)}</strong> {props.importedLabel} :{' '}
          {result.ids.slice(0, 20).map((id, i) => (
            <span key={id}>{i > 0 && ', '}<Link to={props.detailPath(id)}>{result.references[i]}</Link></span>
          ))}
          {result.ids.length > 20 ? `, et ${formatNumber(result.ids.length - 20)} autres` : ''}.
        </p>
      )} />
  );
}
