import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, ApiError, type Page as ListPage } from '../api/client.js';
import { useSession } from '../api/session.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Loading, Notice, useNotify } from '../components/feedback.js';
import './weeklyCell.css';
import { formatNumber, Money } from '../components/format.js';
import {
  CheckboxField, DateField, EurosField, fieldId, Fieldset, Form, NumberField, SelectField, TextAreaField, TextField, useFieldError, type Option,
} from '../components/forms.js';
import { EmploymentAreaField } from '../components/EmploymentAreaField.js';
import { Page } from '../components/Page.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { useUnsavedChangesGuard } from '../components/unsavedChanges.js';
import { missingForSubmission, submissionRefusal } from '../../../src/weeklyCell/completeness.js';
import { requestDraftSchema, type RequestDraft } from '../../../src/weeklyCell/requestSchema.js';
import { ruleCeiling, type FunderOutlook } from '../../../src/weeklyCell/financingPlan.js';
import { fundMismatch, type IdccFund } from '../../../src/reference/idccFunds.js';
import { formatDateFr } from '../../../src/shared/dates.js';
import {
  CONTRACT_TYPE_LABELS, CONTRACT_TYPES, JUSTIFICATION_KINDS, JUSTIFICATION_LABELS, SITUATION_LABELS, SITUATIONS,
  SOCIO_PROFESSIONAL_CATEGORIES, SOCIO_PROFESSIONAL_LABELS,
} from '../../../src/weeklyCell/requestSchema.js';
import { actionTotals, requestTotals } from '../../../src/weeklyCell/totals.js';
import { FUNDER_LABELS, FUNDERS } from '../../../src/programmes/funders.js';
import { derivedLevel2019, LEVEL_1969_LABELS, LEVELS_1969, levels2019For, type Level1969 } from '../../../src/shared/qualification.js';
import { Totals } from './Figures.js';
import { formatNaf, REQUESTS_CRUMB } from './labels.js';
import type { RequestDetail } from './types.js';
import { useWeeklyCellMeasures } from './useWeeklyCellMeasures.js';

let nextKey = 1;
const key = () => nextKey++;

interface EmployeeValues {
  key: number; lastName: string; firstName: string; birthDate: string; sex: string; socioProfessionalCategory: string;
  level1969: string; level2019: string; contractType: string; situation: string;
}
interface ActionValues {
  key: number; title: string; objective: string; providerName: string; providerSiret: string; hoursPerTrainee: number | null;
  startDate: string; endDate: string; teachingCostCents: number | null; hourlyWageCents: number | null; trainees: number[];
}
interface LineValues { key: number; funder: string; proposedCents: number | null }
interface Values {
  measureId: string; trainingFundId: string;
  company: { name: string; siret: string; nafCode: string; idcc: string; headcount: number | null; departement: string; employmentArea: string };
  activityDrop: {
    start: string; end: string; justificationKind: string; authorisationReference: string;
    partialActivityHours: number | null; retentionCommitmentMonths: number | null; retentionCommitment: string;
  };
  employees: EmployeeValues[];
  actions: ActionValues[];
  fundingLines: LineValues[];
}

const emptyEmployee = (): EmployeeValues => ({ key: key(), lastName: '', firstName: '', birthDate: '', sex: '', socioProfessionalCategory: '', level1969: '', level2019: '', contractType: 'CDI', situation: 'employed' });
const emptyAction = (): ActionValues => ({ key: key(), title: '', objective: '', providerName: '', providerSiret: '', hoursPerTrainee: null, startDate: '', endDate: '', teachingCostCents: null, hourlyWageCents: null, trainees: [] });
const emptyLine = (): LineValues => ({ key: key(), funder: '', proposedCents: null });

const initialValues = (): Values => ({
  measureId: '', trainingFundId: '',
  company: { name: '', siret: '', nafCode: '', idcc: '', headcount: null, departement: '', employmentArea: '' },
  activityDrop: { start: '', end: '', justificationKind: '', authorisationReference: '', partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: '' },
  employees: [], actions: [], fundingLines: [],
});

function fromDetail(r: RequestDetail): Values {
  const d = r.draft;
  return {
    measureId: String(d.measureId), trainingFundId: d.trainingFundId ? String(d.trainingFundId) : '',
    company: {
      name: d.company.name, siret: d.company.siret, nafCode: formatNaf(d.company.nafCode), idcc: d.company.idcc ?? '',
      headcount: d.company.headcount ?? null, departement: d.company.departement ?? '', employmentArea: d.company.employmentArea ?? '',
    },
    activityDrop: {
      start: d.activityDrop.start ?? '', end: d.activityDrop.end ?? '', justificationKind: d.activityDrop.justificationKind ?? '',
      authorisationReference: d.activityDrop.authorisationReference ?? '', partialActivityHours: d.activityDrop.partialActivityHours ?? null,
      retentionCommitmentMonths: d.activityDrop.retentionCommitmentMonths ?? null, retentionCommitment: d.activityDrop.retentionCommitment ?? '',
    },
    employees: d.employees.map((e) => ({ key: key(), ...e, level2019: e.level2019 ?? '', situation: e.situation ?? 'employed' })),
    actions: d.actions.map((a) => ({ key: key(), ...a, objective: a.objective ?? '', trainees: [...a.trainees] })),
    fundingLines: d.fundingLines.map((l) => ({ key: key(), ...l })),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The body of POST /api/requests and PUT /api/requests/:id (src/weeklyCell/requestSchema.ts). */
function toBody(v: Values) {
  return {
    measureId: Number(v.measureId) || 0,
    trainingFundId: v.trainingFundId ? Number(v.trainingFundId) : null,
    company: {
      name: v.company.name, siret: v.company.siret, nafCode: orNull(v.company.nafCode), idcc: orNull(v.company.idcc),
      headcount: v.company.headcount, departement: orNull(v.company.departement.toUpperCase()), employmentArea: orNull(v.company.employmentArea),
    },
    activityDrop: {
      start: orNull(v.activityDrop.start), end: orNull(v.activityDrop.end), justificationKind: orNull(v.activityDrop.justificationKind),
      authorisationReference: orNull(v.activityDrop.authorisationReference), partialActivityHours: v.activityDrop.partialActivityHours,
      retentionCommitmentMonths: v.activityDrop.retentionCommitmentMonths, retentionCommitment: orNull(v.activityDrop.retentionCommitment),
    },
    employees: v.employees.map(({ key: _k, ...e }) => ({
      ...e, level2019: e.level1969 === 'I' ? orNull(e.level2019) : (e.level1969 ? derivedLevel2019(e.level1969 as Level1969) : null),
    })),
    actions: v.actions.map(({ key: _k, ...a }) => ({ ...a, trainees: [...a.trainees].sort((x, y) => x - y) })),
    fundingLines: v.fundingLines.map(({ key: _k, ...l }) => l),
  };
}

const options = (labels: Record<string, string>, values: readonly string[]): Option[] => values.map((value) => ({ value, label: labels[value] }));
const sexOptions: Option[] = [{ value: 'F', label: 'Femme' }, { value: 'M', label: 'Homme' }];
const level1969Options = options(LEVEL_1969_LABELS, LEVELS_1969);
const funderOptions = options(FUNDER_LABELS, FUNDERS);

/** An inline error for a path that is not an input (a list, a fieldset). */
function GroupError({ path }: { path: string }) {
  const error = useFieldError(path);
  if (!error) return null;
  return <p className={fr.cx('fr-message', 'fr-message--error', 'fr-mb-2w')}>{error}</p>;
}

function SectionTitle({ path, children }: { path?: string; children: ReactNode }) {
  return <h2 className={fr.cx('fr-h4', 'fr-mt-6w')} id={path ? fieldId(path) : undefined} tabIndex={path ? -1 : undefined}>{children}</h2>;
}

/** /demandes/nouvelle and /demandes/:id/modifier — the company's request form. */
export function RequestFormPage() {
  const { id } = useParams();
  const { me } = useSession();
  const navigate = useNavigate();
  const notify = useNotify();
  const existing = useApi<RequestDetail>(id ? `/api/requests/${id}` : null);
  const measures = useWeeklyCellMeasures();
  const funds = useApi<ListPage<{ id: number; name: string }>>('/api/organisations', { kind: 'training_fund', pageSize: 100, sort: 'name' });
  const ownOrg = useApi<{ id: number; name: string; siret: string | null; departement: string | null; employmentArea: string | null }>(!id && me ? `/api/organisations/${me.membership.organisation.id}` : null);

  const [values, setValuesRaw] = useState<Values>(initialValues);
  // Only the user's edits make the form dirty, not the loading and prefilling effects.
  const [dirty, setDirty] = useState(false);
  const setValues: typeof setValuesRaw = (update) => { setDirty(true); setValuesRaw(update); };
  const guard = useUnsavedChangesGuard(dirty);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [confirmFund, setConfirmFund] = useState(false);
  const nafCode = values.company.nafCode.trim().toUpperCase();
  const naf = useApi<{ formattedCode: string; label: string }>(/^\d{2}\.?\d{2}[A-Z]$/.test(nafCode) ? `/api/reference/naf/${encodeURIComponent(nafCode)}` : null);
  const nafHint = !/^\d{2}\.?\d{2}[A-Z]$/.test(nafCode) ? 'Format : 29.32Z'
    : naf.data ? naf.data.label : naf.error?.isNotFound ? 'Code absent de la nomenclature NAF rév. 2' : 'Format : 29.32Z';
  const [current, setCurrent] = useState<RequestDetail | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => { if (existing.data) { setCurrent(existing.data); setValuesRaw(fromDetail(existing.data)); setDirty(false); } }, [existing.data]);
  useEffect(() => {
    if (!id && ownOrg.data) {
      setValuesRaw((v) => ({ ...v, company: { ...v.company, name: v.company.name || ownOrg.data!.name, siret: v.company.siret || (ownOrg.data!.siret ?? ''), departement: v.company.departement || (ownOrg.data!.departement ?? ''), employmentArea: v.company.employmentArea || (ownOrg.data!.employmentArea ?? '') } }));
    }
  }, [id, ownOrg.data]);
  useEffect(() => {
    if (!id && measures.options?.length === 1) setValuesRaw((v) => ({ ...v, measureId: v.measureId || String(measures.options![0].id) }));
  }, [id, measures.options]);

  const setIn = <S extends 'company' | 'activityDrop'>(section: S) => <K extends keyof Values[S]>(field: K) => (value: Values[S][K]) =>
    setValues((v) => ({ ...v, [section]: { ...v[section], [field]: value } }));
  const company = setIn('company');
  const drop = setIn('activityDrop');
  const setEmployee = (i: number) => <K extends keyof EmployeeValues>(field: K) => (value: EmployeeValues[K]) =>
    setValues((v) => ({ ...v, employees: v.employees.map((e, j) => (j === i ? { ...e, [field]: value } : e)) }));
  const setAction = (i: number) => <K extends keyof ActionValues>(field: K) => (value: ActionValues[K]) =>
    setValues((v) => ({ ...v, actions: v.actions.map((a, j) => (j === i ? { ...a, [field]: value } : a)) }));
  const setLine = (i: number) => <K extends keyof LineValues>(field: K) => (value: LineValues[K]) =>
    setValues((v) => ({ ...v, fundingLines: v.fundingLines.map((l, j) => (j === i ? { ...l, [field]: value } : l)) }));

  const removeEmployee = (i: number) => setValues((v) => ({
    ...v,
    employees: v.employees.filter((_, j) => j !== i),
    // Trainees are positions in the employee list: drop the removed one, shift the following ones.
    actions: v.actions.map((a) => ({ ...a, trainees: a.trainees.filter((t) => t !== i).map((t) => (t > i ? t - 1 : t)) })),
  }));

  const totals = useMemo(() => requestTotals(values.actions.map((a) => ({
    hoursPerTrainee: a.hoursPerTrainee ?? 0, traineeCount: a.trainees.length, teachingCostCents: a.teachingCostCents ?? 0,
    hourlyWageCents: a.hourlyWageCents ?? 0, trainees: a.trainees,
  }))), [values.actions]);
  const planned = values.fundingLines.reduce((s, l) => s + (l.proposedCents ?? 0), 0);
  // The day the rules and the branch's fund are judged on: the start of the drop in activity, else today.
  const ruleDay = /^\d{4}-\d{2}-\d{2}$/.test(values.activityDrop.start) ? values.activityDrop.start : undefined;
  const outlook = useApi<{ date: string; items: { id: number; code: string; name: string; exhausted: boolean; funders: FunderOutlook[] }[] }>(
    '/api/requests/funding-outlook', { date: ruleDay, headcount: values.company.headcount ?? undefined });
  const measureOutlook = outlook.data?.items.find((m) => String(m.id) === values.measureId);
  const idcc = values.company.idcc.trim();
  const branchFund = useApi<IdccFund & { date: string; organisations: { id: number; name: string }[] }>(
    /^\d{1,4}$/.test(idcc) ? `/api/reference/idcc/${idcc}` : null, { date: ruleDay });
  const suggestion = branchFund.data;
  const chosenFundName = (funds.data?.items ?? []).find((f) => String(f.id) === values.trainingFundId)?.name;
  const fundQuestion = suggestion && chosenFundName ? fundMismatch(suggestion, chosenFundName) : null;
  useEffect(() => { setConfirmFund(false); }, [fundQuestion]);
  const openQuestions = current?.status === 'awaiting_information' ? current.informationRequests.filter((q) => !q.answer) : [];
  const remaining = totals.totalCostCents - planned;

  /** Saves (creating the draft the first time) and returns the saved request. */
  const persist = async (): Promise<RequestDetail> => {
    const body = toBody(values);
    const saved = current
      ? await api.put<RequestDetail>(`/api/requests/${current.id}`, { ...body, version: current.version })
      : await api.post<RequestDetail>('/api/requests', body);
    setCurrent(saved);
    setDirty(false);
    if (!current) window.history.replaceState(window.history.state, '', `/demandes/${saved.id}/modifier`);
    return saved;
  };
  const save = useMutation(async () => {
    submit.reset();
    const saved = await persist();
    setNotice(`Brouillon enregistré (${saved.reference}).`);
    return saved;
  });
  /**
   * Every gap at the first try: the draft's shape and what submission needs, checked here
   * with the server's own rules (the server checks them again, with the plan's rules and
   * envelopes). A well-formed draft is saved first, so nothing typed is lost.
   */
  const submit = useMutation(async () => {
    save.reset();
    setNotice(undefined);
    if (current?.status === 'awaiting_information') return complete();
    const body = toBody(values);
    const parsed = requestDraftSchema.safeParse(body);
    const shape = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const missing = missingForSubmission(parsed.success ? parsed.data : body as unknown as RequestDraft).filter((m) => !shape.some((x) => x.path === m.path));
    const gaps = [...shape, ...missing, ...(fundQuestion && !confirmFund ? [{ path: 'trainingFundId', message: fundQuestion }] : [])];
    const refuse = () => new ApiError(400, 'invalid', submissionRefusal(gaps), gaps[0].path, gaps);
    if (shape.length) throw refuse();
    const saved = await persist();
    if (gaps.length) throw refuse();
    const submitted = await api.post<RequestDetail>(`/api/requests/${saved.id}/submit`, { version: saved.version, confirmFund: fundQuestion ? confirmFund : undefined });
    guard.release();
    notify(`/demandes/${submitted.id}`, `Demande ${submitted.reference} déposée : elle est transmise aux partenaires pour instruction.`);
    return submitted;
  });
  /** During a request for information: save the edits, then answer each open question; the request goes back to instruction. */
  const complete = async () => {
    const unanswered = openQuestions.filter((q) => (answers[q.id] ?? '').trim().length < 2)
      .map((q) => ({ path: `answers.${q.id}`, message: `Répondez à la question de ${q.askedByOrganisation} : « ${q.reason} »` }));
    if (unanswered.length) throw new ApiError(400, 'invalid', 'Vos compléments ne sont pas encore enregistrés : répondez à chaque question posée.', unanswered[0].path, unanswered);
    let saved = await persist();
    for (const q of openQuestions) {
      saved = await api.post<RequestDetail>(`/api/requests/${saved.id}/information-requests/${q.id}/answer`, { answer: answers[q.id].trim(), version: saved.version });
      setCurrent(saved);
    }
    guard.release();
    notify(`/demandes/${saved.id}`, `Compléments enregistrés : la demande ${saved.reference} est de nouveau en instruction.`);
    return saved;
  };
  const removeDraft = async () => {
    if (!current) return;
    await api.delete(`/api/requests/${current.id}?version=${current.version}`);
    guard.release();
    notify('/demandes', `Brouillon ${current.reference} supprimé.`);
  };
  const error = submit.error ?? save.error;
  const pending = save.pending || submit.pending;

  const editable = !current || current.allowedActions.includes('edit');
  const title = id ? (current ? `Modifier la demande ${current.reference}` : 'Modifier la demande') : 'Nouvelle demande de financement';
  const crumbs = current ? [REQUESTS_CRUMB, { label: current.reference, to: `/demandes/${current.id}` }] : [REQUESTS_CRUMB];

  if (id && existing.loading && !existing.data) return <Page title={title} breadcrumb={crumbs}><Loading /></Page>;
  if (id && existing.error) return <Page title={title} breadcrumb={crumbs}><ErrorAlert error={existing.error} onRetry={existing.reload} /></Page>;

  const reload = () => { save.reset(); submit.reset(); if (id || current) { if (current && !id) navigate(`/demandes/${current.id}/modifier`); else existing.reload(); } };
  const fundOptions: Option[] = (funds.data?.items ?? []).map((f) => ({ value: String(f.id), label: f.name }));
  const measureOptions: Option[] = (measures.options ?? []).map((m) => ({
    value: String(m.id),
    label: outlook.data?.items.find((o) => o.id === m.id)?.exhausted ? `${m.label} — plus de crédits disponibles` : m.label,
  }));
  if (current && !measureOptions.some((o) => o.value === String(current.measure.id))) {
    measureOptions.unshift({ value: String(current.measure.id), label: `${current.measure.code} — ${current.measure.name}` });
  }

  return (
    <Page title={title} breadcrumb={crumbs}
      lead="Formation des salariés pendant une baisse d’activité : décrivez l’entreprise, la baisse d’activité, les salariés, les actions de formation et le plan de financement. Les totaux sont calculés automatiquement.">
      {notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}
      {!editable && current && (
        <div className={fr.cx('fr-alert', 'fr-alert--info', 'fr-mb-3w')}>
          <h2 className={fr.cx('fr-alert__title')}>Demande non modifiable</h2>
          <p>La demande est « {current.statusLabel} » : elle ne peut plus être modifiée. <Link to={`/demandes/${current.id}`}>Voir la demande</Link></p>
        </div>
      )}
      {error?.isVersionConflict && (
        <p><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={reload}>Charger la dernière version (vos modifications seront perdues)</button></p>
      )}
      {measures.error && !current && <ErrorAlert error={measures.error} title="Dispositifs indisponibles" />}
      {editable && (
        <Form error={error} onSubmit={save.run} pending={pending} submitLabel="Enregistrer le brouillon" ariaLabel="Demande de financement"
          secondary={
            <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} disabled={pending}
              onClick={() => { if (!pending) void submit.run(); }}>
              {current?.status === 'awaiting_information' ? 'Enregistrer les compléments' : 'Déposer la demande'}
            </button>
          }>
          {current?.allowedActions.includes('delete') && (
            <div className={fr.cx('fr-mb-3w')}>
              <ConfirmButton label="Supprimer le brouillon" title={`Supprimer le brouillon ${current.reference} ?`} confirmLabel="Supprimer définitivement"
                priority="tertiary" iconId="fr-icon-delete-line" onConfirm={removeDraft}>
                Le brouillon et tout ce qu’il contient (salariés, actions, plan de financement) seront supprimés. Cette action est irréversible ; l’historique garde la trace de la suppression.
              </ConfirmButton>
            </div>
          )}
          {openQuestions.length > 0 && (
            <>
              <SectionTitle>Compléments demandés</SectionTitle>
              <p>Modifiez la demande si besoin, répondez à chaque question, puis cliquez sur « Enregistrer les compléments » : la demande retourne en instruction.</p>
              {openQuestions.map((q) => (
                <TextAreaField key={q.id} name={`answers.${q.id}`} label={`Réponse à ${q.askedByOrganisation}`} hint={`Question : ${q.reason}`} required rows={3} maxLength={8000}
                  value={answers[q.id] ?? ''} onChange={(v) => { setDirty(true); setAnswers((a) => ({ ...a, [q.id]: v })); }} />
              ))}
            </>
          )}
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires pour enregistrer ; les autres le deviennent au dépôt.</p>

          <SectionTitle>Dispositif et entreprise</SectionTitle>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <SelectField name="measureId" label="Dispositif" required value={values.measureId} onChange={(v) => setValues((x) => ({ ...x, measureId: v }))}
                options={measureOptions} placeholder={measures.loading ? 'Chargement des dispositifs…' : 'Choisir un dispositif'} disabled={!!current && current.status !== 'draft'}
                hint={current && current.status !== 'draft' ? 'Le dispositif ne change plus une fois la demande déposée.' : measureOutlook?.exhausted ? 'Ce dispositif n’a plus de crédits disponibles : choisissez-en un autre.' : undefined} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <SelectField name="trainingFundId" label="OPCA de l’entreprise" hint="Opérateur de compétences de la branche" value={values.trainingFundId}
                onChange={(v) => setValues((x) => ({ ...x, trainingFundId: v }))} options={fundOptions} placeholder={funds.loading ? 'Chargement…' : 'Choisir un OPCA'} />
              <FundSuggestion suggestion={suggestion} chosen={values.trainingFundId}
                onChoose={(fundId) => setValues((x) => ({ ...x, trainingFundId: fundId }))} />
              {fundQuestion && (
                <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-alert--sm', 'fr-mb-2w')} role="status">
                  <p>{fundQuestion}</p>
                  <CheckboxField name="confirmFund" label={`Oui, je confirme ${chosenFundName}`} checked={confirmFund} onChange={setConfirmFund} className="fr-mb-0" />
                </div>
              )}
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <TextField name="company.name" label="Raison sociale" required value={values.company.name} onChange={company('name')} maxLength={200} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <TextField name="company.siret" label="SIRET de l’établissement" hint="14 chiffres" required value={values.company.siret} onChange={company('siret')} inputMode="numeric" maxLength={17} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <TextField name="company.nafCode"  label="Code NAF" hint={nafHint} value={values.company.nafCode} onChange={company('nafCode')} maxLength={6} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <TextField name="company.idcc" label="Convention collective (IDCC)" hint="4 chiffres, ex. 0054" value={values.company.idcc} onChange={company('idcc')} inputMode="numeric" maxLength={4} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <NumberField name="company.headcount" label="Effectif" hint="Nombre de salariés" integer value={values.company.headcount} onChange={company('headcount')} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <TextField name="company.departement" label="Département" hint="Ex. 25, 2A, 974" value={values.company.departement} onChange={company('departement')} maxLength={3} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <EmploymentAreaField name="company.employmentArea" value={values.company.employmentArea} onChange={company('employmentArea')} departement={values.company.departement} />
            </div>
          </div>

          <SectionTitle>Baisse d’activité</SectionTitle>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="activityDrop.start" label="Début de la baisse d’activité" value={values.activityDrop.start} onChange={drop('start')} /></div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="activityDrop.end" label="Fin de la baisse d’activité" value={values.activityDrop.end} onChange={drop('end')} /></div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <SelectField name="activityDrop.justificationKind" label="Justificatif" value={values.activityDrop.justificationKind} onChange={drop('justificationKind')}
                options={options(JUSTIFICATION_LABELS, JUSTIFICATION_KINDS)} placeholder="Choisir un justificatif" />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <TextField name="activityDrop.authorisationReference" label="Référence de l’autorisation ou de l’accord" hint="Ex. AP-25-2010-042" value={values.activityDrop.authorisationReference} onChange={drop('authorisationReference')} maxLength={100} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <NumberField name="activityDrop.partialActivityHours" label="Heures d’activité partielle autorisées" integer unit="heures" value={values.activityDrop.partialActivityHours} onChange={drop('partialActivityHours')} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <NumberField name="activityDrop.retentionCommitmentMonths" label="Engagement de maintien dans l’emploi" integer unit="mois (60 au plus)" value={values.activityDrop.retentionCommitmentMonths} onChange={drop('retentionCommitmentMonths')} />
            </div>
            <div className={fr.cx('fr-col-12')}>
              <TextAreaField name="activityDrop.retentionCommitment" label="Contenu de l’engagement" hint="Ex. aucun licenciement économique pendant la durée de l’engagement" rows={2} maxLength={2000} value={values.activityDrop.retentionCommitment} onChange={drop('retentionCommitment')} />
            </div>
          </div>

          <SectionTitle path="employees">Salariés concernés ({values.employees.length})</SectionTitle>
          <GroupError path="employees" />
          {values.employees.length === 0 && <p>Aucun salarié pour le moment.</p>}
          {values.employees.map((e, i) => (
            <EmployeeFields key={e.key} index={i} employee={e} set={setEmployee(i)} onRemove={() => removeEmployee(i)} />
          ))}
          <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-user-add-line', 'fr-btn--icon-left')}
            onClick={() => setValues((v) => ({ ...v, employees: [...v.employees, emptyEmployee()] }))}>Ajouter un salarié</button>

          <SectionTitle path="actions">Actions de formation ({values.actions.length})</SectionTitle>
          <GroupError path="actions" />
          {values.actions.length === 0 && <p>Aucune action pour le moment.</p>}
          {values.actions.map((a, i) => (
            <ActionFields key={a.key} index={i} action={a} employees={values.employees} set={setAction(i)}
              onRemove={() => setValues((v) => ({ ...v, actions: v.actions.filter((_, j) => j !== i) }))} />
          ))}
          <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-add-line', 'fr-btn--icon-left')}
            onClick={() => setValues((v) => ({ ...v, actions: [...v.actions, emptyAction()] }))}>Ajouter une action de formation</button>

          <Totals totals={totals} />

          <SectionTitle path="fundingLines">Plan de financement</SectionTitle>
          <GroupError path="fundingLines" />
          {values.fundingLines.map((l, i) => (
            <div key={l.key} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
                <SelectField name={`fundingLines.${i}.funder`} label={`Financeur, ligne ${i + 1}`} value={l.funder} onChange={setLine(i)('funder')}
                  options={funderOptions.map((o) => ({ ...o, disabled: values.fundingLines.some((x, j) => j !== i && x.funder === o.value) }))} placeholder="Choisir un financeur" />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <EurosField name={`fundingLines.${i}.proposedCents`} label={`Montant demandé, ligne ${i + 1}`} value={l.proposedCents} onChange={setLine(i)('proposedCents')} />
              </div>
              <FunderRoom line={l} index={i} outlook={measureOutlook?.funders} totalCostCents={totals.totalCostCents} trainingHours={totals.trainingHours} />
              <div className={fr.cx('fr-col-12', 'fr-col-md-3', 'fr-mb-3w')}>
                <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm', 'fr-icon-delete-line', 'fr-btn--icon-left')}
                  onClick={() => setValues((v) => ({ ...v, fundingLines: v.fundingLines.filter((_, j) => j !== i) }))}>
                  Retirer<span className={fr.cx('fr-sr-only')}> la ligne {i + 1} du plan</span>
                </button>
              </div>
            </div>
          ))}
          <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-add-line', 'fr-btn--icon-left')} disabled={values.fundingLines.length >= FUNDERS.length}
            onClick={() => setValues((v) => ({ ...v, fundingLines: [...v.fundingLines, emptyLine()] }))}>Ajouter un financeur</button>
          <div className={fr.cx('fr-callout', 'fr-mt-3w', remaining === 0 ? undefined : 'fr-callout--orange-terre-battue' as never)} aria-live="polite">
            <p className={fr.cx('fr-callout__text')}>
              Coût total <Money cents={totals.totalCostCents} /> — financements demandés <Money cents={planned} /> —{' '}
              <strong>reste à financer : <Money cents={remaining} /></strong>
              {remaining !== 0 && <><br /><span className={fr.cx('fr-text--sm')}>Le plan doit couvrir exactement le coût total (ajoutez au besoin une ligne « Entreprise (autofinancement) »).</span></>}
            </p>
          </div>
        </Form>
      )}
    </Page>
  );
}

function EmployeeFields({ index: i, employee: e, set, onRemove }: {
  index: number; employee: EmployeeValues;
  set: <K extends keyof EmployeeValues>(field: K) => (value: EmployeeValues[K]) => void;
  onRemove: () => void;
}) {
  const level = e.level1969 as Level1969 | '';
  const derived = level ? derivedLevel2019(level) : null;
  const name = `${e.firstName} ${e.lastName}`.trim() || `n° ${i + 1}`;
  const p = `employees.${i}`;
  return (
    <div className={fr.cx('fr-mb-3w', 'fr-p-2w') + ' parcours-panel parcours-bordered'} id={fieldId(p)} tabIndex={-1}>
      <Fieldset legend={`Salarié ${i + 1}${e.lastName || e.firstName ? ` — ${name}` : ''}`}>
        <GroupError path={p} />
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}><TextField name={`${p}.lastName`} label="Nom" required value={e.lastName} onChange={set('lastName')} maxLength={100} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}><TextField name={`${p}.firstName`} label="Prénom" required value={e.firstName} onChange={set('firstName')} maxLength={100} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}><DateField name={`${p}.birthDate`} label="Date de naissance" required value={e.birthDate} onChange={set('birthDate')} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}><SelectField name={`${p}.sex`} label="Sexe" required value={e.sex} onChange={set('sex')} options={sexOptions} placeholder="Choisir" /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <SelectField name={`${p}.socioProfessionalCategory`} label="Catégorie socioprofessionnelle" required value={e.socioProfessionalCategory} onChange={set('socioProfessionalCategory')}
              options={options(SOCIO_PROFESSIONAL_LABELS, SOCIO_PROFESSIONAL_CATEGORIES)} placeholder="Choisir" />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <SelectField name={`${p}.level1969`} label="Niveau de qualification (1969)" required value={e.level1969} onChange={(v) => { set('level1969')(v); set('level2019')(''); }}
              options={level1969Options} placeholder="Choisir" />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            {level === 'I' ? (
              <SelectField name={`${p}.level2019`} label="Niveau 2019" required hint="Niveau I : 7 (master) ou 8 (doctorat)" value={e.level2019} onChange={set('level2019')}
                options={levels2019For('I').map((l) => ({ value: l, label: `Niveau ${l}` }))} placeholder="Choisir 7 ou 8" />
            ) : (
              <div className={fr.cx('fr-mb-3w')}>
                <p className={fr.cx('fr-label', 'fr-mb-1v')} id={fieldId(`${p}.level2019`)} tabIndex={-1}>Niveau 2019 (déduit)</p>
                <p className={fr.cx('fr-text--lg', 'fr-mb-0')}>{derived ? `Niveau ${derived}` : '—'}</p>
                <GroupError path={`${p}.level2019`} />
              </div>
            )}
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <SelectField name={`${p}.contractType`} label="Contrat" required value={e.contractType} onChange={set('contractType')} options={options(CONTRACT_TYPE_LABELS, CONTRACT_TYPES)} />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <SelectField name={`${p}.situation`} label="Situation" value={e.situation} onChange={set('situation')} options={options(SITUATION_LABELS, SITUATIONS)} />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-9')}>
            <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm', 'fr-icon-delete-line', 'fr-btn--icon-left', 'fr-mt-md-4w' as never)} onClick={onRemove}>
              Retirer<span className={fr.cx('fr-sr-only')}> le salarié {name}</span>
            </button>
          </div>
        </div>
      </Fieldset>
    </div>
  );
}

function ActionFields({ index: i, action: a, employees, set, onRemove }: {
  index: number; action: ActionValues; employees: EmployeeValues[];
  set: <K extends keyof ActionValues>(field: K) => (value: ActionValues[K]) => void;
  onRemove: () => void;
}) {
  const p = `actions.${i}`;
  const t = actionTotals({ hoursPerTrainee: a.hoursPerTrainee ?? 0, traineeCount: a.trainees.length, teachingCostCents: a.teachingCostCents ?? 0, hourlyWageCents: a.hourlyWageCents ?? 0 });
  const traineesError = useFieldError(`${p}.trainees`);
  const toggle = (position: number, checked: boolean) =>
    set('trainees')(checked ? [...a.trainees, position].sort((x, y) => x - y) : a.trainees.filter((x) => x !== position));
  return (
    <div className={fr.cx('fr-mb-3w', 'fr-p-2w') + ' parcours-panel parcours-bordered'}>
      <Fieldset legend={`Action ${i + 1}${a.title ? ` — ${a.title}` : ''}`}>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${p}.title`} label="Intitulé" required value={a.title} onChange={set('title')} maxLength={200} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${p}.objective`} label="Objectif" value={a.objective} onChange={set('objective')} maxLength={2000} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${p}.providerName`} label="Organisme de formation" required value={a.providerName} onChange={set('providerName')} maxLength={200} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${p}.providerSiret`} label="SIRET de l’organisme" hint="14 chiffres" required value={a.providerSiret} onChange={set('providerSiret')} inputMode="numeric" maxLength={17} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><NumberField name={`${p}.hoursPerTrainee`} label="Heures par stagiaire" required integer unit="heures" value={a.hoursPerTrainee} onChange={set('hoursPerTrainee')} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><DateField name={`${p}.startDate`} label="Date de début" required value={a.startDate} onChange={set('startDate')} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><DateField name={`${p}.endDate`} label="Date de fin" required value={a.endDate} onChange={set('endDate')} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><EurosField name={`${p}.teachingCostCents`} label="Coût pédagogique" required value={a.teachingCostCents} onChange={set('teachingCostCents')} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><EurosField name={`${p}.hourlyWageCents`} label="Salaire horaire des stagiaires" required hint="En euros par heure, charges comprises, ex. 15,00" value={a.hourlyWageCents} onChange={set('hourlyWageCents')} /></div>
        </div>
        <fieldset className={fr.cx('fr-fieldset', traineesError ? 'fr-fieldset--error' : undefined)} id={fieldId(`${p}.trainees`)} tabIndex={-1}
          aria-labelledby={`${fieldId(p)}-stagiaires-legend ${fieldId(p)}-stagiaires-messages`}>
          <legend className={fr.cx('fr-fieldset__legend', 'fr-fieldset__legend--regular')} id={`${fieldId(p)}-stagiaires-legend`}>
            Stagiaires de l’action {i + 1}
            <span className={fr.cx('fr-hint-text')}>Cochez les salariés qui suivent cette action.</span>
          </legend>
          {employees.length === 0 && <div className={fr.cx('fr-fieldset__element')}><p className={fr.cx('fr-mb-0')}>Ajoutez d’abord les salariés concernés.</p></div>}
          {employees.map((e, j) => (
            <div key={e.key} className={fr.cx('fr-fieldset__element', 'fr-fieldset__element--inline')}>
              <CheckboxField name={`${p}.trainees.${j}`} className="fr-mb-0" label={`${e.firstName} ${e.lastName}`.trim() || `Salarié ${j + 1}`}
                checked={a.trainees.includes(j)} onChange={(checked) => toggle(j, checked)} />
            </div>
          ))}
          <div className={fr.cx('fr-messages-group')} id={`${fieldId(p)}-stagiaires-messages`} aria-live="polite">
            {traineesError && <p className={fr.cx('fr-message', 'fr-message--error')}>{traineesError}</p>}
          </div>
        </fieldset>
        <p className={fr.cx('fr-text--sm', 'fr-mb-1w')} aria-live="polite">
          {pluralStagiaires(a.trainees.length)} × {formatNumber(a.hoursPerTrainee ?? 0)} h = <strong>{formatNumber(t.trainingHours)} heures-stagiaires</strong> ;
          coût des salaires <Money cents={t.payCostCents} /> ; coût total de l’action <strong><Money cents={t.totalCostCents} /></strong>
        </p>
        <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm', 'fr-icon-delete-line', 'fr-btn--icon-left')} onClick={onRemove}>
          Retirer<span className={fr.cx('fr-sr-only')}> l’action {i + 1}{a.title ? ` « ${a.title} »` : ''}</span>
        </button>
      </Fieldset>
    </div>
  );
}

const pluralStagiaires = (n: number) => `${formatNumber(n)} stagiaire${n > 1 ? 's' : ''}`;


/** Under the fund: the branch's fund for the IDCC on the request's day, offered in one click. */
function FundSuggestion({ suggestion, chosen, onChoose }: {
  suggestion: (IdccFund & { date: string; organisations: { id: number; name: string }[] }) | undefined; chosen: string; onChoose: (fundId: string) => void;
}) {
  if (!suggestion) return null;
  const match = suggestion.organisations.find((o) => String(o.id) === chosen);
  return (
    <p className={fr.cx('fr-text--sm', 'fr-mb-2w')} aria-live="polite">
      IDCC {suggestion.idcc} ({suggestion.branch}) : fonds de la branche au {formatDateFr(suggestion.date)}, <strong>{suggestion.fund}</strong>.
      {!match && suggestion.organisations.length > 0 && suggestion.organisations.map((o) => (
        <button key={o.id} type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm', 'fr-ml-1w')} onClick={() => onChoose(String(o.id))}>
          Choisir {o.name}
        </button>
      ))}
      {suggestion.organisations.length === 0 && ' Ce fonds n’est pas encore inscrit sur la plateforme : contactez le secrétariat de la cellule.'}
    </p>
  );
}

/**
 * Beside a funder's line, live: what the funder still has on the measure and the most its
 * rule lets it pay on this request, so the company sees a breach while it types, not at submission.
 */
function FunderRoom({ line, index, outlook, totalCostCents, trainingHours }: {
  line: LineValues; index: number; outlook: FunderOutlook[] | undefined; totalCostCents: number; trainingHours: number;
}) {
  if (!line.funder || line.funder === 'COMPANY' || !outlook) return null;
  const f = outlook.find((o) => o.funder === line.funder);
  const id = `${fieldId(`fundingLines.${index}.funder`)}-marge`;
  if (!f) {
    return <p id={id} className={fr.cx('fr-col-12', 'fr-text--sm', 'fr-mb-2w') + ' parcours-over'} aria-live="polite">{FUNDER_LABELS[line.funder as keyof typeof FUNDER_LABELS]} n’a pas de crédits sur ce dispositif : choisissez un autre financeur.</p>;
  }
  const ceiling = f.limit ? ruleCeiling(f.limit, totalCostCents, trainingHours) : null;
  const most = Math.min(f.remainingCents ?? Infinity, ceiling ?? Infinity);
  const over = (line.proposedCents ?? 0) > most;
  return (
    <p id={id} className={fr.cx('fr-col-12', 'fr-text--sm', 'fr-mb-2w') + (over ? ' parcours-over' : '')} aria-live="polite">
      {f.remainingCents === 0
        ? <><strong>{f.label} n’a plus de crédits disponibles sur ce dispositif.</strong> </>
        : <>{f.label} : reste disponible sur ce dispositif <Money cents={f.remainingCents ?? 0} />. </>}
      {f.limit?.text && <>Finance {f.limit.text}{ceiling !== null && <>, soit au plus <Money cents={ceiling} /> pour cette demande</>}. </>}
      {!f.limit && <>Aucune règle de financement en vigueur à cette date pour votre effectif. </>}
      {over && Number.isFinite(most) && <strong>Le montant demandé dépasse ce plafond de <Money cents={(line.proposedCents ?? 0) - most} />.</strong>}
    </p>
  );
}
