import { fr } from '@codegouvfr/react-dsfr';
import { useFieldError, fieldId } from './forms.js';

export const DOCUMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods';
export const DOCUMENT_HINT = 'Taille maximale : 10 Mo. Formats acceptés : PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS.';

/** A DSFR file input; the API's issue for `name` (or `error`) is shown under it. */
export function FileField({ name, id, label, hint = DOCUMENT_HINT, required, multiple, error, onChange }: {
  name: string; id?: string; label: string; hint?: string; required?: boolean; multiple?: boolean; error?: string;
  onChange: (files: File[]) => void;
}) {
  const apiError = useFieldError(name);
  const shown = error ?? apiError;
  const inputId = id ?? fieldId(name);
  return (
    <div className={fr.cx('fr-upload-group', 'fr-mb-2w', shown ? 'fr-input-group--error' : undefined)}>
      <label className={fr.cx('fr-label')} htmlFor={inputId}>
        {label}{required && <span aria-hidden="true"> *</span>}
        <span className={fr.cx('fr-hint-text')}>{hint}</span>
      </label>
      <input className={fr.cx('fr-upload')} type="file" id={inputId} name={name} accept={DOCUMENT_ACCEPT} multiple={multiple}
        aria-describedby={`${inputId}-messages`} onChange={(e) => onChange(Array.from(e.target.files ?? []))} />
      <div className={fr.cx('fr-messages-group')} id={`${inputId}-messages`} aria-live="polite">
        {shown && <p className={fr.cx('fr-message', 'fr-message--error')}>{shown}</p>}
      </div>
    </div>
  );
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} o`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} Ko`;
  return `${(size / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}
