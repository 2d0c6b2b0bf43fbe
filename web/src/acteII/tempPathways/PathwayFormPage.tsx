import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, toApiError, type ApiError, type Page as ListPage } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, Loading, useNotify } from '../../components/feedback.js';
import { CheckboxField, DateField, EurosField, Fieldset, Form, NumberField, SelectField, TextField, fieldId, useFieldError } from '../../components/forms.js';
import { Money } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { useTypedChangesGuard } from '../../components/unsavedChanges.js';
import { RadioGroupField } from '../../weeklyCell/RadioGroupField.js';
import { ACTE_II_CRUMB, PATHWAYS_CRUMB, level2019Text, levelOptions, sexOptions, useActeIIAccess } from '../common.js';
import { PathwayTimeline } from './PathwayTimeline.js';
import type { Eligibility, Envelope, Pathway, PeriodView } from './types.js';

interface PeriodValues { key: number; kind: 'training' | 'mission'; start: string; end: string; hours: number | null; costCents: number | null;
  romeCode: string; providerName: string; userCompany: string; targetedQualification: string }
interface FundingValues { key: number; funder: string; amountCents: number | null }
interface Values { agencyId: string; lastName: string; firstName: string; sex: string; birthDate: string; level: string; route: string;
  hasVocationalDiploma: boolean; entryDate: string; periods: PeriodValues[]; fundingLines: FundingValues[] }

let nextKey = 1;
const newPeriod = (kind: 'training' | 'mission'): PeriodValues => ({ key: nextKey++, kind, start: '', end: '', hours: null, costCents: null, romeCode: '', providerName: '', userCompany: '', targetedQualification: '' });
const empty = (): Values => ({ agencyId: '', lastName: '', firstName: '', sex: '', birthDate: '', level: '', route: '', hasVocationalDiploma: false, entryDate: '',
  periods: [newPeriod('training')], fundingLines: [] });

function fromPathway(p: Pathway): Values {
  return {
    agencyId: String(p.agencyId), lastName: p.worker.lastName, firstName: p.worker.firstName, sex: p.worker.sex, birthDate: p.worker.birthDate,
    level: p.worker.level, route: p.worker.route, hasVocationalDiploma: p.worker.hasVocationalDiploma, entryDate: p.entryDate,
    periods: p.periods.map((x) => ({ key: nextKey++, kind: x.kind, start: x.start, end: x.end, hours: x.hours, costCents: x.costCents, romeCode: x.romeCode ?? '',
      providerName: x.providerName ?? '', userCompany: x.userCompany ?? '', targetedQualification: x.targetedQualification ?? '' })),
    fundingLines: p.fundingLines.map((l) => ({ key: nextKey++, funder: l.funder, amountCents: l.amountCents })),
  };
}

const text = (s: string) => s.trim() || null;
function toBody(v: Values, isAgency: boolean) {
  return {
    agencyId: isAgency ? undefined : (v.agencyId ? Number(v.agencyId) : undefined),
    worker: { lastName: v.lastName, firstName: v.firstName, sex: v.sex || undefined, birthDate: v.birthDate || undefined, level: v.level || undefined,
      route: v.route || undefined, hasVocationalDiploma: v.hasVocationalDiploma },
    entryDate: v.entryDate || undefined,
    periods: v.periods.map((p) => ({
      kind: p.kind, start: p.start || undefined, end: p.end || undefined, hours: p.hours ?? undefined, costCents: p.costCents,
      romeCode: text(p.romeCode), providerName: p.kind === 'training' ? text(p.providerName) : null, userCompany: p.kind === 'mission' ? text(p.userCompany) : null,
      targetedQualification: p.kind === 'training' ? text(p.targetedQualification) : null,
    })),
    fundingLines: v.fundingLines.map((l) => ({ funder: l.funder, amountCents: l.amountCents ?? undefined })),
  };
}

/** ROME code typed or chosen among the reference list (GET /api/reference/rome?q=…), shown with its label. */
function RomeField({ name, value, onChange, required }: { name: string; value: string; onChange: (v: string) => void; required?: boolean }) {
  const error = useFieldError(name);
  const id = fieldId(name);
  const listId = `${useId().replace(/:/g, '')}-rome`;
  const [results, setResults] = useState<{ code: string; label: string }[]>([]);
  useEffect(() => {
    const q = value.trim();
    if (q.length < 2) { setResults([]); return; }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<{ items: { code: string; label: string }[] }>('/api/reference/rome', { query: { q, limit: 15 }, signal: controller.signal })
        .then((r) => setResults(r.items)).catch(() => undefined);
    }, 250);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [value]);
  const match = results.find((r) => r.code === value.trim().toUpperCase());
  return (
    <div className={fr.cx('fr-input-group', error ? 'fr-input-group--error' : undefined)}>
      <label className={fr.cx('fr-label')} htmlFor={id}>
        Métier (code ROME){required && <span aria-hidden="true"> *</span>}
        <span className={fr.cx('fr-hint-text')}>Tapez un code (H2903) ou un mot du métier (soudage) puis choisissez dans la liste</span>
      </label>
      <input className={fr.cx('fr-input', error ? 'fr-input--error' : undefined)} id={id} name={name} list={listId} value={value} autoComplete="off"
        onChange={(e) => { const v = e.target.value; const m = /^([A-N]\d{4})\b/i.exec(v); onChange(m ? m[1].toUpperCase() : v); }}
        aria-describedby={`${id}-messages`} aria-invalid={error ? true : undefined} aria-required={required || undefined} />
      <datalist id={listId}>{results.map((r) => <option key={r.code} value={r.code}>{`${r.code} — ${r.label}`}</option>)}</datalist>
      <div className={fr.cx('fr-messages-group')} id={`${id}-messages`} aria-live="polite">
        {error && <p className={fr.cx('fr-message', 'fr-message--error')}>{error}</p>}
        {!error && match && <p className={fr.cx('fr-message', 'fr-message--info')}>{match.code} : {match.label}</p>}
      </div>
    </div>
  );
}

/** /acte-ii/parcours/nouveau and /acte-ii/parcours/:id/modifier */
export function PathwayFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const access = useActeIIAccess();
  const isAgency = access.kind === 'temp_agency';
  const existing = useApi<Pathway>(editing ? `/api/temp-pathways/${id}` : null);
  const envelope = useApi<Envelope>('/api/temp-pathways/envelope');
  const agencies = useApi<ListPage<{ id: number; name: string }>>(isAgency ? null : '/api/organisations', { kind: 'temp_agency', pageSize: 200, sort: 'name', order: 'asc' });
  const [values, setValues] = useState<Values>(empty);
  const set = <K extends keyof Values>(k: K) => (v: Values[K]) => setValues((x) => ({ ...x, [k]: v }));
  const setPeriod = (index: number, patch: Partial<PeriodValues>) => setValues((x) => ({ ...x, periods: x.periods.map((p, i) => (i === index ? { ...p, ...patch } : p)) }));
  const setLine = (index: number, patch: Partial<FundingValues>) => setValues((x) => ({ ...x, fundingLines: x.fundingLines.map((l, i) => (i === index ? { ...l, ...patch } : l)) }));
  const [eligibility, setEligibility] = useState<Eligibility | undefined>();
  const [eligibilityError, setEligibilityError] = useState<ApiError | undefined>();
  const notify = useNotify();
  const guard = useTypedChangesGuard();

  useEffect(() => { if (existing.data) setValues(fromPathway(existing.data)); }, [existing.data]);

  // Live eligibility check as soon as level and route are known.
  useEffect(() => {
    if (!values.level || !values.route) { setEligibility(undefined); return; }
    const controller = new AbortController();
    api.post<Eligibility>('/api/temp-pathways/eligibility', { level: values.level, route: values.route, hasVocationalDiploma: values.hasVocationalDiploma }, { signal: controller.signal })
      .then((r) => { setEligibility(r); setEligibilityError(undefined); })
      .catch((e) => { if (!controller.signal.aborted) setEligibilityError(toApiError(e)); });
    return () => controller.abort();
  }, [values.level, values.route, values.hasVocationalDiploma]);

  const save = useMutation(async () => {
    const body = toBody(values, isAgency);
    const saved = editing
      ? await api.put<Pathway & { warnings: { message: string }[] }>(`/api/temp-pathways/${id}`, { ...body, version: existing.data!.version })
      : await api.post<Pathway & { warnings: { message: string }[] }>('/api/temp-pathways', body);
    const warn = saved.warnings?.length ? ` Points de vigilance : ${saved.warnings.map((w) => w.message).join(' ')}` : '';
    guard.release();
    notify(`/acte-ii/parcours/${saved.id}`, `Parcours ${saved.reference} ${editing ? 'modifié' : 'enregistré'}.${warn}`);
  });

  const move = (index: number, delta: number) => setValues((x) => {
    const periods = [...x.periods];
    const [p] = periods.splice(index, 1);
    periods.splice(index + delta, 0, p);
    return { ...x, periods };
  });
  const funders = (envelope.data?.items ?? []).map((e) => ({ value: e.funder, label: `${e.funder} (reste ${(e.remainingCents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' })})` }));
  const preview: PeriodView[] = values.periods.map((p) => ({ kind: p.kind, start: p.start, end: p.end, hours: p.hours ?? 0, costCents: p.costCents, romeCode: p.romeCode || null,
    providerName: p.providerName || null, userCompany: p.userCompany || null, targetedQualification: p.targetedQualification || null }));

  const title = editing ? (existing.data ? `Modifier le parcours ${existing.data.reference}` : 'Modifier le parcours') : 'Nouveau parcours intérimaire';
  if (!access.pathways.write) return <Page title={title} breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}><p>Votre rôle ne permet pas d’enregistrer des parcours.</p></Page>;
  return (
    <Page title={title} breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}
      lead="L’éligibilité de l’intérimaire est vérifiée dès que son niveau et sa voie sont connus ; les périodes ne doivent pas se chevaucher.">
      {editing && existing.loading && !existing.data && <Loading />}
      {editing && existing.error && <ErrorAlert error={existing.error} onRetry={existing.reload} />}
      {(!editing || existing.data) && (
        <div onInput={guard.touched}>
        <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={editing ? 'Enregistrer les modifications' : 'Enregistrer le parcours'}
          secondary={<Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to={editing ? `/acte-ii/parcours/${id}` : '/acte-ii/parcours'}>Annuler</Link>}>
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
          {!isAgency && (
            <SelectField name="agencyId" label="Agence d’intérim" required value={values.agencyId} onChange={set('agencyId')} disabled={editing}
              options={(agencies.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name }))} placeholder="Choisir l’agence" />
          )}
          <Fieldset legend="Intérimaire">
            <TextField name="worker.lastName" label="Nom" required value={values.lastName} onChange={set('lastName')} autoComplete="off" />
            <TextField name="worker.firstName" label="Prénom" required value={values.firstName} onChange={set('firstName')} autoComplete="off" />
            <RadioGroupField name="worker.sex" legend="Sexe" required inline value={values.sex} onChange={set('sex')} options={sexOptions} />
            <DateField name="worker.birthDate" label="Date de naissance" required value={values.birthDate} onChange={set('birthDate')} />
            <SelectField name="worker.level" label="Niveau de qualification (nomenclature de 1969)" required value={values.level} onChange={set('level')} options={levelOptions}
              placeholder="Choisir le niveau" hint={values.level ? `Correspond au ${level2019Text(values.level)}.` : undefined} />
            <RadioGroupField name="worker.route" legend="Voie par laquelle ce niveau a été atteint" required inline value={values.route} onChange={set('route')}
              options={[{ value: 'general', label: 'Voie générale (seconde, première générale…)' }, { value: 'vocational', label: 'Voie professionnelle (CAP, BEP…)' }]} />
            <CheckboxField name="worker.hasVocationalDiploma" label="A un diplôme professionnel (CAP, BEP ou autre) donnant accès à un emploi" checked={values.hasVocationalDiploma} onChange={set('hasVocationalDiploma')} />
          </Fieldset>
          <div aria-live="polite" className={fr.cx('fr-mb-4w')}>
            {eligibility && (eligibility.eligible
              ? <div className={fr.cx('fr-alert', 'fr-alert--success', 'fr-alert--sm')}><p><strong>Éligible au parcours intérimaire</strong> : {eligibility.ground === 'infraV' ? 'niveau inférieur au niveau V (infra V).' : 'niveau V atteint par la voie générale, sans diplôme professionnel.'}</p></div>
              : <div className={fr.cx('fr-alert', 'fr-alert--error', 'fr-alert--sm')}><p><strong>Non éligible</strong> : {eligibility.issues.map((i) => i.message).join(' ')}</p></div>)}
            {eligibilityError && <p className={fr.cx('fr-error-text')}>{eligibilityError.message}</p>}
          </div>

          <DateField name="entryDate" label="Entrée dans le parcours" required value={values.entryDate} onChange={set('entryDate')} />

          <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Périodes, dans l’ordre</h2>
          <p className={fr.cx('fr-hint-text')}>Formation (organisme, heures, coût, qualification visée) ou mission (entreprise utilisatrice, heures, métier ROME).</p>
          <div id={fieldId('periods')} tabIndex={-1}>
            {values.periods.map((p, i) => {
              const n = i + 1;
              const prefix = `periods.${i}`;
              return (
                <div key={p.key} className={`parcours-acte2-period parcours-acte2-period--${p.kind}`}>
                  <Fieldset legend={`Période ${n} : ${p.kind === 'training' ? 'formation' : 'mission'}`}>
                    <SelectField name={`${prefix}.kind`} label={`Type de la période ${n}`} value={p.kind} onChange={(v) => setPeriod(i, { kind: v as PeriodValues['kind'] })}
                      options={[{ value: 'training', label: 'Formation' }, { value: 'mission', label: 'Mission d’intérim' }]} />
                    <DateField name={`${prefix}.start`} label={`Début de la période ${n}`} required value={p.start} onChange={(v) => setPeriod(i, { start: v })} />
                    <DateField name={`${prefix}.end`} label={`Fin de la période ${n}`} required value={p.end} onChange={(v) => setPeriod(i, { end: v })} />
                    <NumberField name={`${prefix}.hours`} label={`Heures de la période ${n}`} unit="heures" required value={p.hours} onChange={(v) => setPeriod(i, { hours: v })} />
                    {p.kind === 'training' && <TextField name={`${prefix}.providerName`} label={`Organisme de formation (période ${n})`} value={p.providerName} onChange={(v) => setPeriod(i, { providerName: v })} />}
                    {p.kind === 'training' && <TextField name={`${prefix}.targetedQualification`} label={`Qualification visée (période ${n})`} value={p.targetedQualification} onChange={(v) => setPeriod(i, { targetedQualification: v })} />}
                    {p.kind === 'mission' && <TextField name={`${prefix}.userCompany`} label={`Entreprise utilisatrice (période ${n})`} value={p.userCompany} onChange={(v) => setPeriod(i, { userCompany: v })} />}
                    <RomeField name={`${prefix}.romeCode`} value={p.romeCode} onChange={(v) => setPeriod(i, { romeCode: v })} required={p.kind === 'mission'} />
                    <EurosField name={`${prefix}.costCents`} label={`Coût de la période ${n}`} value={p.costCents} onChange={(v) => setPeriod(i, { costCents: v })} />
                    <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
                      <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} disabled={i === 0} onClick={() => move(i, -1)}>Monter<span className={fr.cx('fr-sr-only')}> la période {n}</span></button></li>
                      <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} disabled={i === values.periods.length - 1} onClick={() => move(i, 1)}>Descendre<span className={fr.cx('fr-sr-only')}> la période {n}</span></button></li>
                      <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} disabled={values.periods.length === 1}
                        onClick={() => setValues((x) => ({ ...x, periods: x.periods.filter((_, k) => k !== i) }))}>Retirer<span className={fr.cx('fr-sr-only')}> la période {n}</span></button></li>
                    </ul>
                  </Fieldset>
                </div>
              );
            })}
          </div>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--icon-left')}>
            <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-add-line')} onClick={() => setValues((x) => ({ ...x, periods: [...x.periods, newPeriod('training')] }))}>Ajouter une formation</button></li>
            <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-add-line')} onClick={() => setValues((x) => ({ ...x, periods: [...x.periods, newPeriod('mission')] }))}>Ajouter une mission</button></li>
          </ul>

          <section aria-labelledby="apercu" className={fr.cx('fr-my-4w')}>
            <h2 id="apercu" className={fr.cx('fr-h5')}>Aperçu de la chronologie</h2>
            <PathwayTimeline periods={preview} />
          </section>

          <h2 className={fr.cx('fr-h4')}>Financement</h2>
          <p className={fr.cx('fr-hint-text')}>Chaque ligne est imputée sur l’enveloppe de l’axe 2 du financeur ; l’enregistrement est refusé si le reste est insuffisant.</p>
          {values.fundingLines.map((l, i) => (
            <div key={l.key} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
                <SelectField name={`fundingLines.${i}.funder`} label={`Financeur (ligne ${i + 1})`} required value={l.funder} onChange={(v) => setLine(i, { funder: v })} options={funders} placeholder="Choisir" />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
                <EurosField name={`fundingLines.${i}.amountCents`} label={`Montant (ligne ${i + 1})`} required value={l.amountCents} onChange={(v) => setLine(i, { amountCents: v })} />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-2', 'fr-mb-3w')}>
                <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={() => setValues((x) => ({ ...x, fundingLines: x.fundingLines.filter((_, k) => k !== i) }))}>
                  Retirer<span className={fr.cx('fr-sr-only')}> la ligne de financement {i + 1}</span>
                </button>
              </div>
            </div>
          ))}
          <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm', 'fr-icon-add-line', 'fr-btn--icon-left')}
            onClick={() => setValues((x) => ({ ...x, fundingLines: [...x.fundingLines, { key: nextKey++, funder: '', amountCents: null }] }))}>Ajouter une ligne de financement</button>
          <p className={fr.cx('fr-mt-2w')}>Total financé : <Money cents={values.fundingLines.reduce((s, l) => s + (l.amountCents ?? 0), 0)} /></p>
        </Form>
        </div>
      )}
    </Page>
  );
}
