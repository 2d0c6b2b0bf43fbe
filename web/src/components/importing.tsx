import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, type ApiError } from '../api/client.js';
import { useMutation } from '../api/useApi.js';
import { ErrorAlert } from './feedback.js';
import { formatNumber } from './format.js';
import { JobProgress, type Job } from './ProgressBar.js';
import { TableFrame } from '../programmes/TableFrame.js';

/**
 * Pieces every spreadsheet import page shares (history of requests, Acte II measures): the
 * server checks a file (POST …/check) or imports it in a background job (POST … → 202 {jobId},
 * then GET /api/jobs/:id), and answers with line-numbered errors and warnings.
 */
export interface ImportRowError { line: number; column: string; message: string }
export interface ImportWarning { line: number; message: string }

/** The answer of a …/check route (dry run). */
export interface ImportCheckResult {
  ok: boolean; filename: string; rows: number; errorCount: number; truncated: boolean;
  errors: ImportRowError[]; warnings: ImportWarning[]; message: string;
}

/** What a refused import job stores as its result. */
export interface ImportRefusal { ok: false; filename: string; message: string; rowCount: number; errorCount: number; truncated: boolean; errors: ImportRowError[] }

const cell = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CSV as French Excel saves it (« ; », UTF-8 with BOM), built in the browser. */
export function csvText(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[headers, ...rows].map((l) => l.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** A download link to a file made in the browser (a template: headers and example rows). */
export function CsvTemplateLink({ csv, filename, children = 'Télécharger le modèle de fichier', detail = '(CSV, en-têtes et une ligne d’exemple)' }: {
  csv: string; filename: string; children?: ReactNode; detail?: ReactNode;
}) {
  const url = useMemo(() => URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' })), [csv]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <p>
      <a className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')} href={url} download={filename}>
        {children} <span className={fr.cx('fr-text--xs')}>{detail}</span>
      </a>
    </p>
  );
}

/** A heading that takes the focus when it appears, so screen readers announce an outcome. */
export function FocusHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return <h3 ref={ref} tabIndex={-1} className={fr.cx('fr-h5', 'fr-mt-4w')}>{children}</h3>;
}

export function ImportErrorsTable({ errors, total, truncated }: { errors: ImportRowError[]; total: number; truncated: boolean }) {
  return (
    <TableFrame caption={<>Erreurs à corriger ({formatNumber(total)}){truncated ? ` — les ${formatNumber(errors.length)} premières` : ''}</>}
      head={<><th scope="col" className="parcours-numeric">Ligne</th><th scope="col">Colonne</th><th scope="col">Erreur</th></>}>
      {errors.map((e, i) => (
        <tr key={`${e.line}-${e.column}-${i}`}>
          <th scope="row" className="parcours-numeric">{e.line > 0 ? e.line : '—'}</th>
          <td>{e.column || '—'}</td>
          <td>{e.message.replace(/^(Ligne \d+(, colonne « [^»]* »)?|Fichier) : /, '').replace(/^./, (c) => c.toUpperCase())}</td>
        </tr>
      ))}
    </TableFrame>
  );
}

export function ImportWarningsList({ warnings, intro }: { warnings: ImportWarning[]; intro: string }) {
  return (
    <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-3w')}>
      <p className={fr.cx('fr-alert__title')}>{warnings.length > 1 ? `${formatNumber(warnings.length)} avertissements` : '1 avertissement'}</p>
      <p>{intro}</p>
      <ul>{warnings.map((w, i) => <li key={`${w.line}-${i}`}>{w.message}</li>)}</ul>
    </div>
  );
}

/** The outcome of a « Vérifier » click. */
export function ImportCheckReport({ result, importLabel = 'Importer' }: { result: ImportCheckResult; importLabel?: string }) {
  return (
    <section aria-label="Résultat de la vérification">
      <FocusHeading>Résultat de la vérification</FocusHeading>
      <div role="status" className={fr.cx('fr-alert', result.ok ? 'fr-alert--success' : 'fr-alert--error', 'fr-mb-3w')}>
        <p className={fr.cx('fr-alert__title')}>{result.ok ? 'Fichier valide' : 'Fichier à corriger'}</p>
        <p>{result.message}</p>
        {result.ok && <p>Vous pouvez maintenant cliquer sur « {importLabel} ».</p>}
      </div>
      {result.errors.length > 0 && <ImportErrorsTable errors={result.errors} total={result.errorCount} truncated={result.truncated} />}
      {result.warnings.length > 0 && <ImportWarningsList warnings={result.warnings} intro="L’import passera, mais vérifiez ces points :" />}
    </section>
  );
}

/** What every accepted import job stores as its result; pages add their own figures. */
export interface ImportSuccess { ok: true; filename: string; message: string; imported: number; references: string[]; warnings: ImportWarning[] }

/**
 * The life of an import job on a page: live progress, then either the accepted outcome
 * (the page's own summary, warnings, a link to the imported records) or the refusal with
 * its line-numbered errors. Both end with a way to import another file.
 */
export function ImportJobOutcome<S extends ImportSuccess>({ jobId, onFinished, onAgain, summary, list }: {
  jobId: number;
  onFinished: () => void;
  onAgain: () => void;
  summary: (result: S) => ReactNode;
  list: (result: S) => { to: string; label: string };
}) {
  const [job, setJob] = useState<Job<S | ImportRefusal> | undefined>();
  const result = job?.result;
  return (
    <section aria-label="Import" className={fr.cx('fr-mt-4w')}>
      <h3 className={fr.cx('fr-h5')}>Import</h3>
      {!job && <JobProgress<S | ImportRefusal> jobId={jobId} label="Import en cours" onEnd={(end) => { setJob(end); onFinished(); }} />}
      {job?.status === 'done' && result?.ok && (
        <div className={fr.cx('fr-mt-2w')}>
          <FocusHeading>Import terminé</FocusHeading>
          <p className={fr.cx('fr-text--lead')}>{result.message}</p>
          {summary(result)}
          {result.warnings.length > 0 && <ImportWarningsList warnings={result.warnings} intro="Points à vérifier :" />}
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-mt-3w')}>
            <li><Link className={fr.cx('fr-btn')} to={list(result).to}>{list(result).label}</Link></li>
            <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={onAgain}>Importer un autre fichier</button></li>
          </ul>
        </div>
      )}
      {job?.status === 'failed' && (
        <div className={fr.cx('fr-mt-2w')}>
          <FocusHeading>Import refusé</FocusHeading>
          <p>{result && !result.ok ? result.message : `Le traitement a échoué : ${job.error ?? 'erreur inconnue'}.`}</p>
          {result && !result.ok && result.errors.length > 0 && <ImportErrorsTable errors={result.errors} total={result.errorCount} truncated={result.truncated} />}
          <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-mt-2w')} onClick={onAgain}>Déposer un fichier corrigé</button>
        </div>
      )}
    </section>
  );
}

/**
 * « Déposer le fichier »: the file input with its checks, « Vérifier » (POST `endpoint`/check,
 * dry run) and « Importer » (POST `endpoint` → background job), the report of a check, and the
 * job rendered by the page (`job`) until the user starts again with another file.
 */
export function ImportFileForm({ fileId, endpoint, checkLabel, job }: {
  fileId: string;
  endpoint: string;
  checkLabel: string;
  job: (jobId: number, onFinished: () => void, onAgain: () => void) => ReactNode;
}) {
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
  const check = useMutation(async () => { setChecked(await api.post<ImportCheckResult>(`${endpoint}/check`, form())); });
  const upload = useMutation(async () => {
    const answer = await api.post<{ jobId: number; message: string }>(endpoint, form());
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
  const requestError: ApiError | undefined = check.error ?? upload.error;
  return (
    <>
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (needFile()) void upload.run(); }}>
        <div className={fr.cx('fr-upload-group', fileError ? 'fr-input-group--error' : undefined)}>
          <label className={fr.cx('fr-label')} htmlFor={fileId}>
            Fichier à importer<span aria-hidden="true"> *</span><span className={fr.cx('fr-sr-only')}> (obligatoire)</span>
            <span className={fr.cx('fr-hint-text')}>Formats acceptés : CSV (séparateur point-virgule, UTF-8) ou XLSX. Taille maximale : 20 Mo.</span>
          </label>
          <input ref={inputRef} className={fr.cx('fr-upload')} type="file" id={fileId} name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${fileId}-messages`} aria-invalid={fileError ? true : undefined} aria-required="true"
            onChange={(e) => choose(e.target.files?.[0] ?? null)} disabled={upload.pending || running} />
          <div className={fr.cx('fr-messages-group')} id={`${fileId}-messages`} aria-live="polite">
            {fileError && <p className={fr.cx('fr-message', 'fr-message--error')}>{fileError}</p>}
          </div>
        </div>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left', 'fr-mt-3w')}>
          <li>
            <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-search-line', 'fr-btn--icon-left')} disabled={busy}
              onClick={() => { if (needFile()) void check.run(); }}>
              {check.pending ? 'Vérification en cours…' : checkLabel}
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
      {checked && jobId === undefined && <ImportCheckReport result={checked} />}
      {jobId !== undefined && <Fragment key={jobId}>{job(jobId, () => setJobFinished(true), again)}</Fragment>}
    </>
  );
}
