import { useEffect, useId, useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api, toApiError, type ApiError } from '../api/client.js';

export interface Job<R = unknown> {
  status: 'pending' | 'running' | 'done' | 'failed';
  progress: number;
  progressLabel: string | null;
  result: R | null;
  error: string | null;
}

/** A labelled progress bar (0–100). */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const id = useId();
  return (
    <div className="parcours-progress fr-mb-2w">
      <p id={id} className={fr.cx('fr-mb-1v')}>{label} — {Math.round(value)} %</p>
      <progress aria-labelledby={id} max={100} value={value} />
    </div>
  );
}

/**
 * Follows a background job (GET /api/jobs/:id, polled every `intervalMs`) until it is
 * done or failed, then calls onDone / shows the error. `onEnd` receives the final job either
 * way, for pages that show the outcome themselves.
 *
 *   <JobProgress jobId={job.id} label="Export en cours" onDone={(job) => setResult(job.result)} />
 */
export function JobProgress<R = unknown>({ jobId, label = 'Traitement en cours', onDone, onEnd, intervalMs = 1000 }: {
  jobId: number | string;
  label?: string;
  onDone?: (job: Job<R>) => void;
  onEnd?: (job: Job<R>) => void;
  intervalMs?: number;
}) {
  const [job, setJob] = useState<Job<R> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const value = await api.get<Job<R>>(`/api/jobs/${jobId}`);
        if (stopped) return;
        setJob(value);
        if (value.status === 'done') onDone?.(value);
        if (value.status === 'done' || value.status === 'failed') { onEnd?.(value); return; }
      } catch (e) {
        if (stopped) return;
        setError(toApiError(e));
        return;
      }
      timer = setTimeout(poll, intervalMs);
    };
    void poll();
    return () => { stopped = true; if (timer) clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, intervalMs]);

  if (error) return <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-alert--sm')}><p>{error.message}</p></div>;
  if (job?.status === 'failed') return <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-alert--sm')}><p>Le traitement a échoué : {job.error ?? 'erreur inconnue'}.</p></div>;
  if (job?.status === 'done') return <div role="status" className={fr.cx('fr-alert', 'fr-alert--success', 'fr-alert--sm')}><p>{job.progressLabel ?? 'Traitement terminé.'}</p></div>;
  return (
    <div role="status" aria-live="polite">
      <ProgressBar value={job?.progress ?? 0} label={job?.progressLabel ?? (job?.status === 'pending' ? 'En attente' : label)} />
    </div>
  );
}
