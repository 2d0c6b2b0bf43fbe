import { fr } from '@codegouvfr/react-dsfr';
import { fieldId, useFieldError, type Option } from '../components/forms.js';

/**
 * DSFR radio buttons whose API error (by `name`, e.g. "verdict") shows under the group,
 * like the fields of components/forms.tsx (which has no radio group yet).
 */
export function RadioGroupField({ name, legend, hint, value, onChange, options, required, inline, idPrefix }: {
  name: string; legend: string; hint?: string; value: string; onChange: (value: string) => void; options: Option[];
  required?: boolean; inline?: boolean;
  /** Distinguishes two groups with the same API name on one page (e.g. one decision form per agenda item). */
  idPrefix?: string;
}) {
  const error = useFieldError(name);
  const id = fieldId((idPrefix ? `${idPrefix}-` : '') + name);
  return (
    <fieldset className={fr.cx('fr-fieldset', error ? 'fr-fieldset--error' : undefined)} id={id} tabIndex={-1}
      aria-labelledby={`${id}-legend ${id}-messages`} role="radiogroup" aria-required={required || undefined}>
      <legend className={fr.cx('fr-fieldset__legend', 'fr-fieldset__legend--regular')} id={`${id}-legend`}>
        {legend}{required && <span aria-hidden="true"> *</span>}
        {hint && <span className={fr.cx('fr-hint-text')}>{hint}</span>}
      </legend>
      {options.map((o) => (
        <div key={o.value} className={fr.cx('fr-fieldset__element', inline ? 'fr-fieldset__element--inline' : undefined)}>
          <div className={fr.cx('fr-radio-group')}>
            <input type="radio" id={`${id}-${o.value}`} name={`${id}-radio`} value={o.value} checked={value === o.value}
              onChange={() => onChange(o.value)} disabled={o.disabled} />
            <label className={fr.cx('fr-label')} htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        </div>
      ))}
      <div className={fr.cx('fr-messages-group')} id={`${id}-messages`} aria-live="polite">
        {error && <p className={fr.cx('fr-message', 'fr-message--error')}>{error}</p>}
      </div>
    </fieldset>
  );
}
