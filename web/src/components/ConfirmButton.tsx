import { useId, useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { createModal } from '@codegouvfr/react-dsfr/Modal/index.js';
import { fr } from '@codegouvfr/react-dsfr';
import { toApiError, type ApiError } from '../api/client.js';

/**
 * A button that asks for confirmation in a DSFR modal before a destructive action.
 * The modal stays open with the error if the action fails. It is rendered in document.body
 * (a portal), so it can sit in a table cell.
 *
 *   <ConfirmButton
 *     label="Retirer"                       // the button (add `srLabel` to say what for screen readers)
 *     title="Retirer ce rattachement ?"
 *     confirmLabel="Retirer le rattachement"
 *     onConfirm={() => api.delete(`/api/memberships/${m.id}`).then(reload)}>
 *     L’utilisateur n’aura plus accès aux dossiers de {m.organisationName}.
 *   </ConfirmButton>
 */
export function ConfirmButton({ label, srLabel, title, children, confirmLabel = 'Confirmer', cancelLabel = 'Annuler', onConfirm, priority = 'secondary', size = 'sm', iconId, disabled }: {
  label: string;
  /** Accessible name when `label` alone is ambiguous in a list (e.g. « Retirer le rattachement à X »). */
  srLabel?: string;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  onConfirm: () => Promise<unknown> | unknown;
  priority?: 'primary' | 'secondary' | 'tertiary';
  size?: 'sm' | 'md';
  iconId?: string;
  disabled?: boolean;
}) {
  const rawId = useId();
  const modal = useMemo(() => createModal({ id: `confirmation-${rawId.replace(/[^A-Za-z0-9]/g, '')}`, isOpenedByDefault: false }), [rawId]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const confirm = async () => {
    setPending(true);
    setError(undefined);
    try {
      await onConfirm();
      modal.close();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <button
        type="button"
        {...modal.buttonProps}
        disabled={disabled}
        aria-label={srLabel}
        className={fr.cx('fr-btn', priority !== 'primary' && (`fr-btn--${priority}` as never), size === 'sm' && 'fr-btn--sm', iconId as never, iconId ? 'fr-btn--icon-left' : undefined)}
        onClick={() => setError(undefined)}
      >
        {label}
      </button>
      {createPortal(<modal.Component
        title={title}
        titleAs="h2"
        buttons={[
          { children: cancelLabel, priority: 'secondary', doClosesModal: true },
          { children: pending ? 'En cours…' : confirmLabel, doClosesModal: false, onClick: () => { void confirm(); }, disabled: pending },
        ]}
      >
        {children}
        {error && (
          <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-alert--sm', 'fr-mt-2w')}>
            <p>{error.message}</p>
          </div>
        )}
      </modal.Component>, document.body)}
    </>
  );
}
