import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import type { ApiError } from '../api/client.js';
import { VersionConflictAlert } from './forms.js';

/** Placeholder while data loads (announced politely to screen readers). */
export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return <p role="status" aria-live="polite" className={fr.cx('fr-my-4w')}><span className={fr.cx('fr-icon-refresh-line', 'fr-mr-1w')} aria-hidden="true" />{label}</p>;
}

/** An API error as a DSFR alert, with « Réessayer » when `onRetry` is given and « Recharger » on version conflicts. */
export function ErrorAlert({ error, onRetry, title }: { error: ApiError; onRetry?: () => void; title?: string }) {
  if (error.isVersionConflict) return <VersionConflictAlert error={error} onReload={onRetry} />;
  return (
    <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-my-3w')}>
      <h2 className={fr.cx('fr-alert__title')}>{title ?? (error.isForbidden ? 'Accès refusé' : error.isNotFound ? 'Introuvable' : 'Une erreur est survenue')}</h2>
      <p>{error.message}</p>
      {onRetry && !error.isForbidden && !error.isNotFound && (
        <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm', 'fr-mt-2w')} onClick={onRetry}>Réessayer</button>
      )}
    </div>
  );
}

/**
 * Empty list or section: <EmptyState title="Aucune demande" action={<Button …>Déposer une demande</Button>}>Texte</EmptyState>
 */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className={fr.cx('fr-callout', 'fr-my-3w')}>
      <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>{title}</h2>
      {children && <div className={fr.cx('fr-callout__text')}>{children}</div>}
      {action && <div className={fr.cx('fr-mt-2w')}>{action}</div>}
    </div>
  );
}

/**
 * Success message after an action. Either inline: <Notice message={msg} onClose={() => setMsg(undefined)} />,
 * or carried across a navigation with `useNotify()` and shown by <FlashNotice /> (the Page shell renders one).
 */
export function Notice({ message, onClose, severity = 'success', title }: { message: ReactNode; onClose?: () => void; severity?: 'success' | 'info' | 'warning'; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { ref.current?.focus(); }, [message]);
  return (
    <div ref={ref} tabIndex={-1} role="status" className={fr.cx('fr-alert', `fr-alert--${severity}`, 'fr-alert--sm', 'fr-mb-3w')}>
      {title && <h2 className={fr.cx('fr-alert__title')}>{title}</h2>}
      <p>{message}</p>
      {onClose && <button type="button" className={fr.cx('fr-btn--close', 'fr-btn')} title="Masquer le message" onClick={onClose}>Masquer le message</button>}
    </div>
  );
}

let pendingFlash: string | undefined;
/** Keeps a message for the next <FlashNotice /> to mount, whatever navigation happens in between (e.g. after logout). */
export function setFlash(message: string): void { pendingFlash = message; }

/** navigate(to) with a success message shown on the next page: const notify = useNotify(); notify('/x', 'Enregistré.') */
export function useNotify() {
  const navigate = useNavigate();
  return (to: string, notice: string) => navigate(to, { state: { notice } });
}

/** Shows the message passed by useNotify(), once. */
export function FlashNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [shown, setShown] = useState<string | undefined>(() => {
    const flash = pendingFlash;
    pendingFlash = undefined;
    return notice ?? flash;
  });
  useEffect(() => {
    if (notice) {
      setShown(notice);
      // Forget it so a reload does not show it again.
      navigate(location.pathname + location.search, { replace: true, state: null });
    }
  }, [notice, location.pathname, location.search, navigate]);
  if (!shown) return null;
  return <Notice message={shown} onClose={() => setShown(undefined)} />;
}

export type BadgeSeverity = 'success' | 'error' | 'info' | 'warning' | 'new' | undefined;

/**
 * DSFR badge for a status. Pass the label and a severity, or a `map` from status codes:
 *   <StatusBadge status={r.status} map={{ draft: ['Brouillon', undefined], accepted: ['Acceptée', 'success'] }} />
 *   <StatusBadge label="Active" severity="success" />
 */
export function StatusBadge({ status, map, label, severity, small = true, noIcon = false }: {
  status?: string;
  map?: Record<string, [string, BadgeSeverity]>;
  label?: string;
  severity?: BadgeSeverity;
  small?: boolean;
  noIcon?: boolean;
}) {
  const entry = status !== undefined ? map?.[status] : undefined;
  const text = label ?? entry?.[0] ?? status ?? '';
  const sev = severity ?? entry?.[1];
  return (
    <p className={fr.cx('fr-badge', small && 'fr-badge--sm', sev && (`fr-badge--${sev}` as never), noIcon && 'fr-badge--no-icon')}>{text}</p>
  );
}
