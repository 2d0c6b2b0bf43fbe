import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
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

/** The job's final state (JobProgress shows the progress meanwhile; the result's details are read here). */
export function useJobOutcome<R>(jobId: number, onFinished: () => void): Job<R> | undefined {
  const [job, setJob] = useState<Job<R> | undefined>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const value = await api.get<Job<R>>(`/api/jobs/${jobId}`);
        if (stopped) return;
        if (value.status === 'done' || value.status === 'failed') { setJob(value); onFinished(); return; }
      } catch {
        return; // JobProgress shows the error.
      }
      timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => { stopped = true; if (timer) clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);
  return job;
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
  const job = useJobOutcome<S | ImportRefusal>(jobId, onFinished);
  const result = job?.result;
  return (
    <section aria-label="Import" className={fr.cx('fr-mt-4w')}>
      <h3 className={fr.cx('fr-h5')}>Import</h3>
      {!job && <JobProgress jobId={jobId} label="Import en cours" />}
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
