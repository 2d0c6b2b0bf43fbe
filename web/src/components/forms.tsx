import { createContext, useContext, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import type { ZodType } from 'zod';
import { ApiError, type FieldIssue } from '../api/client.js';
import { formatEuros, parseEuros } from './format.js';

/**
 * Forms that show the API's refusals where they belong.
 *
 *   const save = useMutation((body) => api.post('/api/organisations', body));
 *   <Form error={save.error} onSubmit={() => save.run(values)} submitLabel="Créer" pending={save.pending}>
 *     <TextField name="name" label="Nom" value={values.name} onChange={set('name')} required />
 *     <EurosField name="actions.0.cost" label="Coût" value={cents} onChange={setCents} />
 *   </Form>
 *
 * Each field's `name` is the API path of its value ("actions.0.hoursPerTrainee"): the
 * issue with that path is shown under the field, and the summary at the top of the
 * form links to it (the field's id is `fieldId(name)`). Issues that match no field are
 * listed in the summary without a link.
 */

/** DOM id of the field whose API path is `path`. */
export function fieldId(path: string): string {
  return `champ-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const FormErrorsContext = createContext<FieldIssue[]>([]);

/** The message the API gave for `path`, inside a <Form> or <FormErrorsProvider>. */
export function useFieldError(path: string | undefined): string | undefined {
  const issues = useContext(FormErrorsContext);
  if (!path) return undefined;
  return issues.find((i) => i.path === path)?.message;
}

export function FormErrorsProvider({ error, children }: { error: ApiError | undefined | null; children: ReactNode }) {
  return <FormErrorsContext.Provider value={error?.issues ?? []}>{children}</FormErrorsContext.Provider>;
}

/** Runs a zod schema (e.g. one of src/**\/schema.ts) before sending; returns an ApiError shaped like the server's. */
export function validateWith<T>(schema: ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; error: ApiError } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return { ok: false, error: new ApiError(400, 'invalid', 'Certaines informations sont à corriger.', issues[0]?.path ?? null, issues) };
}

/**
 * DSFR error alert at the top of a form: the general message, then one link per issue
 * to its field. It takes focus when a new error arrives.
 */
export function FormErrorSummary({ error, title = 'Le formulaire contient des erreurs' }: { error: ApiError | undefined | null; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [linkable, setLinkable] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!error) return;
    setLinkable(new Set(error.issues.map((i) => i.path).filter((p) => document.getElementById(fieldId(p)))));
    ref.current?.focus();
  }, [error]);
  if (!error) return null;
  if (error.isVersionConflict) return <VersionConflictAlert error={error} innerRef={ref} />;
  if (error.isUnauthenticated) return <SessionExpiredAlert innerRef={ref} />;
  const issues = error.issues.filter((i) => i.message !== error.message || error.issues.length > 1);
  return (
    <div ref={ref} tabIndex={-1} role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mb-4w')}>
      <h2 className={fr.cx('fr-alert__title')}>{issues.length > 0 ? title : error.message}</h2>
      {issues.length > 0 && <p>{error.message}</p>}
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, index) => (
            <li key={`${issue.path}-${index}`}>
              {linkable.has(issue.path)
                ? <a href={`#${fieldId(issue.path)}`} onClick={(e) => { e.preventDefault(); document.getElementById(fieldId(issue.path))?.focus(); }}>{issue.message}</a>
                : issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A 401 on a submit: the session ran out. Not a list of field errors: a way back, to this page. */
export function SessionExpiredAlert({ innerRef }: { innerRef?: React.Ref<HTMLDivElement> }) {
  const retour = window.location.pathname + window.location.search;
  return (
    <div ref={innerRef} tabIndex={-1} role="alert" className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-4w')}>
      <h2 className={fr.cx('fr-alert__title')}>Votre session a expiré : reconnectez-vous</h2>
      <p>Rien n’a été enregistré. Reconnectez-vous, puis vous reviendrez sur cette page.</p>
      <p className={fr.cx('fr-mt-2w')}><a className={fr.cx('fr-link')} href={`/connexion?retour=${encodeURIComponent(retour)}`}>Se reconnecter</a></p>
    </div>
  );
}

/** 409 version_conflict: someone else saved first. Offers to reload the page. */
export function VersionConflictAlert({ error, innerRef, onReload }: { error: ApiError; innerRef?: React.Ref<HTMLDivElement>; onReload?: () => void }) {
  return (
    <div ref={innerRef} tabIndex={-1} role="alert" className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-4w')}>
      <h2 className={fr.cx('fr-alert__title')}>Modification concurrente</h2>
      <p>{error.message}</p>
      <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm', 'fr-mt-2w')} onClick={onReload ?? (() => window.location.reload())}>
        Recharger la page
      </button>
    </div>
  );
}

/**
 * <form> with DSFR spacing, the error summary and the submit button. `onSubmit` is
 * called without the event (the default submission is prevented).
 */
export function Form({ error, onSubmit, children, submitLabel = 'Enregistrer', pending = false, secondary, id, ariaLabel }: {
  error?: ApiError | null;
  onSubmit: () => void | Promise<unknown>;
  children: ReactNode;
  submitLabel?: string;
  pending?: boolean;
  /** Extra buttons next to the submit button (e.g. « Annuler »). */
  secondary?: ReactNode;
  id?: string;
  ariaLabel?: string;
}) {
  const handle = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) void onSubmit();
  };
  return (
    <FormErrorsProvider error={error}>
      <form id={id} noValidate onSubmit={handle} aria-label={ariaLabel}>
        <FormErrorSummary error={error} />
        {children}
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-mt-4w')}>
          <li><button type="submit" className={fr.cx('fr-btn')} disabled={pending} aria-disabled={pending}>{pending ? 'Envoi en cours…' : submitLabel}</button></li>
          {secondary && <li>{secondary}</li>}
        </ul>
      </form>
    </FormErrorsProvider>
  );
}

interface BaseFieldProps {
  /** API path of the value: used for the error, the id and the summary link. */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** An error computed locally; the API's issue for `name` is used otherwise. */
  error?: string;
  /** Id override (defaults to fieldId(name)). */
  id?: string;
  className?: string;
}

function useField(props: BaseFieldProps) {
  const apiError = useFieldError(props.name);
  const id = props.id ?? fieldId(props.name);
  const error = props.error ?? apiError;
  const messagesId = `${id}-messages`;
  const hintId = `${id}-hint`;
  return { id, error, messagesId, hintId };
}

function Label({ id, label, hint, required }: { id: string; label: ReactNode; hint?: ReactNode; required?: boolean }) {
  return (
    <label className={fr.cx('fr-label')} htmlFor={id}>
      {label}{required && <span aria-hidden="true"> *</span>}{required && <span className={fr.cx('fr-sr-only')}> (obligatoire)</span>}
      {hint && <span className={fr.cx('fr-hint-text')}>{hint}</span>}
    </label>
  );
}

function Messages({ id, error }: { id: string; error?: string }) {
  return (
    <div className={fr.cx('fr-messages-group')} id={id} aria-live="polite">
      {error && <p className={fr.cx('fr-message', 'fr-message--error')}>{error}</p>}
    </div>
  );
}

export interface TextFieldProps extends BaseFieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel' | 'url';
  autoComplete?: string;
  maxLength?: number;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email';
  spellCheck?: boolean;
  onBlur?: () => void;
}

/** <TextField name="email" label="Adresse électronique" type="email" value={v} onChange={setV} required /> */
export function TextField(props: TextFieldProps) {
  const { id, error, messagesId } = useField(props);
  return (
    <div className={fr.cx('fr-input-group', error ? 'fr-input-group--error' : undefined, props.disabled && 'fr-input-group--disabled', props.className as never)}>
      <Label id={id} label={props.label} hint={props.hint} required={props.required} />
      <input
        className={fr.cx('fr-input', error ? 'fr-input--error' : undefined)}
        id={id} name={props.name} type={props.type ?? 'text'} value={props.value}
        onChange={(e) => props.onChange(e.target.value)} onBlur={props.onBlur}
        aria-describedby={messagesId} aria-invalid={error ? true : undefined} aria-required={props.required || undefined}
        autoComplete={props.autoComplete} maxLength={props.maxLength} inputMode={props.inputMode}
        spellCheck={props.spellCheck} disabled={props.disabled}
      />
      <Messages id={messagesId} error={error} />
    </div>
  );
}

/** Multi-line text. */
export function TextAreaField(props: BaseFieldProps & { value: string; onChange: (value: string) => void; rows?: number; maxLength?: number }) {
  const { id, error, messagesId } = useField(props);
  return (
    <div className={fr.cx('fr-input-group', error ? 'fr-input-group--error' : undefined, props.className as never)}>
      <Label id={id} label={props.label} hint={props.hint} required={props.required} />
      <textarea
        className={fr.cx('fr-input', error ? 'fr-input--error' : undefined)}
        id={id} name={props.name} value={props.value} rows={props.rows ?? 4} maxLength={props.maxLength}
        onChange={(e) => props.onChange(e.target.value)} disabled={props.disabled}
        aria-describedby={messagesId} aria-invalid={error ? true : undefined} aria-required={props.required || undefined}
      />
      <Messages id={messagesId} error={error} />
    </div>
  );
}

/**
 * Integer or decimal number; `value` is null when empty. Typing « 12,5 » gives 12.5.
 * <NumberField name="actions.0.hoursPerTrainee" label="Heures par stagiaire" value={h} onChange={setH} min={1} />
 */
export function NumberField(props: BaseFieldProps & { value: number | null; onChange: (value: number | null) => void; min?: number; max?: number; integer?: boolean; unit?: string }) {
  const [text, setText] = useState(props.value === null ? '' : String(props.value).replace('.', ','));
  const [localError, setLocalError] = useState<string | undefined>();
  useEffect(() => {
    const parsed = text.trim() === '' ? null : Number(text.replace(/\s/g, '').replace(',', '.'));
    if (parsed !== props.value) setText(props.value === null ? '' : String(props.value).replace('.', ','));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);
  const change = (value: string) => {
    setText(value);
    if (value.trim() === '') { setLocalError(undefined); props.onChange(null); return; }
    const n = Number(value.replace(/[\s\u00a0]/g, '').replace(',', '.'));
    if (!Number.isFinite(n) || (props.integer && !Number.isInteger(n))) { setLocalError(props.integer ? 'Saisissez un nombre entier.' : 'Saisissez un nombre (ex. 12,5).'); return; }
    setLocalError(undefined);
    props.onChange(n);
  };
  return (
    <TextField
      {...props} error={props.error ?? localError} value={text} onChange={change}
      inputMode={props.integer ? 'numeric' : 'decimal'}
      hint={props.hint ?? (props.unit ? `En ${props.unit}` : undefined)}
    />
  );
}

/**
 * Amount in euros typed as « 1 234,56 »; `value` and `onChange` are integer cents
 * (null when empty). The text is reformatted on blur.
 * <EurosField name="amount" label="Montant" value={cents} onChange={setCents} />
 */
export function EurosField(props: BaseFieldProps & { value: number | null; onChange: (cents: number | null) => void }) {
  const format = (cents: number | null) => (cents === null ? '' : formatEuros(cents).replace(/\s?€$/, ''));
  const [text, setText] = useState(format(props.value));
  const [localError, setLocalError] = useState<string | undefined>();
  useEffect(() => {
    if (parseEuros(text) !== props.value && !(text.trim() === '' && props.value === null)) setText(format(props.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);
  const change = (value: string) => {
    setText(value);
    if (value.trim() === '') { setLocalError(undefined); props.onChange(null); return; }
    const cents = parseEuros(value);
    if (cents === null) { setLocalError('Montant invalide : saisissez des euros, par exemple 1 234,56.'); return; }
    setLocalError(undefined);
    props.onChange(cents);
  };
  return (
    <TextField
      {...props} error={props.error ?? localError} value={text} onChange={change} inputMode="decimal"
      onBlur={() => { const c = parseEuros(text); if (c !== null) setText(format(c)); }}
      hint={props.hint ?? 'En euros, par exemple 1 234,56'}
    />
  );
}

/** ISO date (YYYY-MM-DD) with the browser's date picker; '' when empty. */
export function DateField(props: BaseFieldProps & { value: string; onChange: (value: string) => void; min?: string; max?: string }) {
  const { id, error, messagesId } = useField(props);
  return (
    <div className={fr.cx('fr-input-group', error ? 'fr-input-group--error' : undefined, props.className as never)}>
      <Label id={id} label={props.label} hint={props.hint ?? 'Format attendu : JJ/MM/AAAA'} required={props.required} />
      <input
        className={fr.cx('fr-input', error ? 'fr-input--error' : undefined)} type="date"
        id={id} name={props.name} value={props.value} min={props.min} max={props.max}
        onChange={(e) => props.onChange(e.target.value)} disabled={props.disabled}
        aria-describedby={messagesId} aria-invalid={error ? true : undefined} aria-required={props.required || undefined}
      />
      <Messages id={messagesId} error={error} />
    </div>
  );
}

export interface Option { value: string; label: string; disabled?: boolean }

/**
 * <SelectField name="kind" label="Type" value={kind} onChange={setKind}
 *   options={[{ value: 'company', label: 'Entreprise' }]} placeholder="Choisir un type" />
 */
export function SelectField(props: BaseFieldProps & { value: string; onChange: (value: string) => void; options: Option[]; placeholder?: string }) {
  const { id, error, messagesId } = useField(props);
  return (
    <div className={fr.cx('fr-select-group', error ? 'fr-select-group--error' : undefined, props.className as never)}>
      <Label id={id} label={props.label} hint={props.hint} required={props.required} />
      <select
        className={fr.cx('fr-select')} id={id} name={props.name} value={props.value}
        onChange={(e) => props.onChange(e.target.value)} disabled={props.disabled}
        aria-describedby={messagesId} aria-invalid={error ? true : undefined} aria-required={props.required || undefined}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>)}
      </select>
      <Messages id={messagesId} error={error} />
    </div>
  );
}

/** Single checkbox: <CheckboxField name="isActive" label="Active" checked={a} onChange={setA} /> */
export function CheckboxField(props: BaseFieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const { id, error, messagesId } = useField(props);
  return (
    <div className={fr.cx('fr-checkbox-group', error ? 'fr-checkbox-group--error' : undefined, 'fr-mb-3w', props.className as never)}>
      <input type="checkbox" id={id} name={props.name} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)}
        disabled={props.disabled} aria-describedby={messagesId} aria-invalid={error ? true : undefined} />
      <label className={fr.cx('fr-label')} htmlFor={id}>
        {props.label}
        {props.hint && <span className={fr.cx('fr-hint-text')}>{props.hint}</span>}
      </label>
      <Messages id={messagesId} error={error} />
    </div>
  );
}

/** Group of related fields with a legend (DSFR fieldset). */
export function Fieldset({ legend, children, hint }: { legend: ReactNode; children: ReactNode; hint?: ReactNode }) {
  const id = useId().replace(/:/g, '');
  return (
    <fieldset className={fr.cx('fr-fieldset')} aria-labelledby={`${id}-legend`}>
      <legend className={fr.cx('fr-fieldset__legend')} id={`${id}-legend`}>
        {legend}{hint && <span className={fr.cx('fr-hint-text')}>{hint}</span>}
      </legend>
      {Array.isArray(children)
        ? children.map((child, i) => child && <div key={i} className={fr.cx('fr-fieldset__element')}>{child}</div>)
        : <div className={fr.cx('fr-fieldset__element')}>{children}</div>}
    </fieldset>
  );
}

/** Keeps a form's values in one state object: const [values, set] = useFormValues({ name: '' }); onChange={set('name')} */
export function useFormValues<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const set = <K extends keyof T>(key: K) => (value: T[K]) => setValues((v) => ({ ...v, [key]: value }));
  return [values, set, setValues] as const;
}
