import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, ApiError, toApiError } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, Loading, useNotify } from '../../components/feedback.js';
import {
  CheckboxField, DateField, EurosField, Fieldset, Form, FormErrorsProvider, NumberField, SelectField, TextAreaField, TextField, fieldId, type Option,
} from '../../components/forms.js';
import { Money } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { useTypedChangesGuard } from '../../components/unsavedChanges.js';
import { RadioGroupField } from '../../weeklyCell/RadioGroupField.js';
import { EXTENDED_DURATION_REASONS, EXTENDED_DURATION_REASON_LABELS, PRIORITY_PUBLICS, PRIORITY_PUBLIC_LABELS } from '../../../../src/proContracts/rules/types.js';
import { ACTE_II_CRUMB, CONTRACTS_CRUMB, level2019Text, levelOptions, sexOptions, useActeIIAccess, useCompanyOptions, useFundOptions } from '../common.js';
import { FundingTable, PayFloorTable } from './shared.js';
import type { CheckResult, Contract, RuleIssue, Tutor } from './types.js';

interface NewTutor { lastName: string; firstName: string; birthDate: string; relatedExperienceMonths: number | null; isEmployer: boolean }
interface Values {
  companyId: string; trainingFundId: string;
  lastName: string; firstName: string; sex: string; birthDate: string; level: string;
  hasRecognisedQualification: string; jobSeeker: string; publics: string[];
  tutorMode: 'existing' | 'new' | 'none'; tutorId: string; newTutor: NewTutor; tutorTrainingHours: number | null;
  contractType: string; startDate: string; endDate: string; extendedDurationReason: string;
  trainingHours: number | null; branchAllowsTrainingAbove25: boolean;
  targetedQualification: string; targetedLevel: string; providerName: string;
  grossMonthlyPayCents: number | null; branchMinimumMonthlyCents: number | null; branchHourlyRateCents: number | null;
  reservedForPair: boolean;
}

const emptyTutor: NewTutor = { lastName: '', firstName: '', birthDate: '', relatedExperienceMonths: null, isEmployer: false };
const empty: Values = {
  companyId: '', trainingFundId: '', lastName: '', firstName: '', sex: '', birthDate: '', level: '',
  hasRecognisedQualification: '', jobSeeker: '', publics: [],
  tutorMode: 'existing', tutorId: '', newTutor: emptyTutor, tutorTrainingHours: null,
  contractType: 'CDI', startDate: '', endDate: '', extendedDurationReason: '', trainingHours: null, branchAllowsTrainingAbove25: false,
  targetedQualification: '', targetedLevel: '', providerName: '', grossMonthlyPayCents: null, branchMinimumMonthlyCents: null,
  branchHourlyRateCents: null, reservedForPair: false,
};

function fromContract(c: Contract): Values {
  return {
    companyId: String(c.companyId), trainingFundId: String(c.trainingFundId),
    lastName: c.trainee.lastName, firstName: c.trainee.firstName, sex: c.trainee.sex, birthDate: c.trainee.birthDate, level: c.trainee.level,
    hasRecognisedQualification: String(c.trainee.hasRecognisedQualification), jobSeeker: String(c.trainee.jobSeeker), publics: c.trainee.publics,
    tutorMode: c.tutor ? 'existing' : 'none', tutorId: c.tutor ? String(c.tutor.id) : '', newTutor: emptyTutor, tutorTrainingHours: c.tutorTrainingHours,
    contractType: c.contractType, startDate: c.startDate, endDate: c.endDate, extendedDurationReason: c.extendedDurationReason ?? '',
    trainingHours: c.trainingHours, branchAllowsTrainingAbove25: c.branchAllowsTrainingAbove25,
    targetedQualification: c.targetedQualification, targetedLevel: c.targetedLevel, providerName: c.providerName,
    grossMonthlyPayCents: c.grossMonthlyPayCents, branchMinimumMonthlyCents: c.branchMinimumMonthlyCents, branchHourlyRateCents: c.branchHourlyRateCents,
    reservedForPair: c.reservedForPair,
  };
}

const bool = (v: string) => (v === 'true' ? true : v === 'false' ? false : undefined);
const id = (v: string) => (v ? Number(v) : undefined);

function toBody(v: Values, isCompany: boolean) {
  return {
    companyId: isCompany ? undefined : id(v.companyId),
    trainingFundId: id(v.trainingFundId),
    trainee: {
      lastName: v.lastName, firstName: v.firstName, sex: v.sex || undefined, birthDate: v.birthDate || undefined, level: v.level || undefined,
      hasRecognisedQualification: bool(v.hasRecognisedQualification), jobSeeker: bool(v.jobSeeker), publics: v.publics,
    },
    tutorId: v.tutorMode === 'existing' && v.tutorId ? Number(v.tutorId) : null,
    newTutor: v.tutorMode === 'new'
      ? { lastName: v.newTutor.lastName, firstName: v.newTutor.firstName, birthDate: v.newTutor.birthDate || null, relatedExperienceMonths: v.newTutor.relatedExperienceMonths ?? undefined, isEmployer: v.newTutor.isEmployer }
      : null,
    tutorTrainingHours: v.tutorMode === 'none' ? null : v.tutorTrainingHours,
    contractType: v.contractType || undefined,
    startDate: v.startDate || undefined, endDate: v.endDate || undefined,
    extendedDurationReason: v.extendedDurationReason || null,
    trainingHours: v.trainingHours ?? undefined,
    branchAllowsTrainingAbove25: v.branchAllowsTrainingAbove25,
    targetedQualification: v.targetedQualification, targetedLevel: v.targetedLevel || undefined, providerName: v.providerName,
    grossMonthlyPayCents: v.grossMonthlyPayCents ?? undefined,
    branchMinimumMonthlyCents: v.branchMinimumMonthlyCents, branchHourlyRateCents: v.branchHourlyRateCents,
    reservedForPair: v.reservedForPair,
  };
}

/** Rule paths (tutor.*, quota) → the form field that shows them. */
function fieldFor(path: string, tutorMode: Values['tutorMode']): string {
  if (path === 'tutor') return 'tutorMode';
  if (path === 'tutor.relatedExperienceMonths') return tutorMode === 'new' ? 'newTutor.relatedExperienceMonths' : 'tutorId';
  if (path === 'tutor.birthDate') return tutorMode === 'new' ? 'newTutor.birthDate' : 'tutorId';
  if (path.startsWith('tutor.')) return tutorMode === 'new' ? 'newTutor.isEmployer' : 'tutorId';
  if (path === 'quota') return 'reservedForPair';
  return path;
}

function remap(error: ApiError | undefined, tutorMode: Values['tutorMode']): ApiError | undefined {
  if (!error) return undefined;
  return new ApiError(error.status, error.code, error.message, error.field ? fieldFor(error.field, tutorMode) : null,
    error.issues.map((i) => ({ path: fieldFor(i.path, tutorMode), message: i.message })));
}

/** /acte-ii/contrats/nouveau and /acte-ii/contrats/:id/modifier */
export function ContractFormPage() {
  const { id: contractId } = useParams();
  const editing = contractId !== undefined;
  const access = useActeIIAccess();
  const existing = useApi<Contract>(editing ? `/api/pro-contracts/${contractId}` : null);
  const [values, setValues] = useState<Values>(empty);
  const set = <K extends keyof Values>(key: K) => (value: Values[K]) => { setValues((v) => ({ ...v, [key]: value })); setStale(true); };
  const setTutor = <K extends keyof NewTutor>(key: K) => (value: NewTutor[K]) => { setValues((v) => ({ ...v, newTutor: { ...v.newTutor, [key]: value } })); setStale(true); };
  const companyOptions = useCompanyOptions(!access.isCompany);
  const fundOptions = useFundOptions();
  const companyId = access.isCompany ? access.organisationId : Number(values.companyId) || null;
  const tutors = useApi<{ items: Tutor[] }>(companyId ? '/api/tutors' : null, access.isCompany ? undefined : { companyId: companyId ?? undefined });
  const notify = useNotify();
  const guard = useTypedChangesGuard();
  const [check, setCheck] = useState<CheckResult | undefined>();
  const [checkError, setCheckError] = useState<ApiError | undefined>();
  const [checking, setChecking] = useState(false);
  const [stale, setStale] = useState(false);
  const [motivation, setMotivation] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => { if (existing.data) setValues(fromContract(existing.data)); }, [existing.data]);
  useEffect(() => { if (access.isFund && !values.trainingFundId) setValues((v) => ({ ...v, trainingFundId: String(access.organisationId) })); }, [access.isFund, access.organisationId, values.trainingFundId]);

  const runCheck = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      const result = await api.post<CheckResult>('/api/pro-contracts/check', toBody(values, access.isCompany));
      setCheck(result);
      if (result.valid) setTimeout(() => resultRef.current?.focus(), 0);
    } catch (e) {
      setCheck(undefined);
      setCheckError(toApiError(e));
    } finally {
      setChecking(false);
      setStale(false);
    }
  };

  const save = useMutation(async (override?: string) => {
    const body = { ...toBody(values, access.isCompany), override: override ? { motivation: override } : null };
    const saved = editing
      ? await api.put<Contract & { warnings: RuleIssue[] }>(`/api/pro-contracts/${contractId}`, { ...body, version: existing.data!.version })
      : await api.post<Contract & { warnings: RuleIssue[] }>('/api/pro-contracts', body);
    const warn = saved.warnings.length ? ` ${saved.warnings.length} point(s) de vigilance : ${saved.warnings.map((w) => w.message).join(' ')}` : '';
    guard.release();
    notify(`/acte-ii/contrats/${saved.id}`, `Contrat ${saved.reference} ${editing ? 'modifié' : 'enregistré'}.${warn}`);
  });

  const quotaRefused = save.error?.status === 409 && save.error.code === 'quota_exceeded';
  // Field errors: the save refusal first, else the live check's breaches.
  const checkAsError = useMemo(() => {
    if (checkError) return checkError;
    if (!check || check.valid) return undefined;
    const errors = check.issues.filter((i) => i.severity === 'error');
    return new ApiError(400, 'rules', `Le contrat ne respecte pas ${errors.length} règle(s) du contrat de professionnalisation.`, errors[0]?.field ?? null,
      errors.map((i) => ({ path: i.field, message: i.message })));
  }, [check, checkError]);
  const fieldErrors = remap(save.error && !quotaRefused ? save.error : checkAsError, values.tutorMode);

  const tutorOptions: Option[] = (tutors.data?.items ?? []).map((t) => ({
    value: String(t.id),
    label: `${t.firstName} ${t.lastName} — ${t.relatedExperienceMonths} mois d’expérience, ${t.currentTrainees} stagiaire(s) en cours${t.isEmployer ? ', employeur' : ''}`,
  }));

  const title = editing ? (existing.data ? `Modifier le contrat ${existing.data.reference}` : 'Modifier le contrat') : 'Nouveau contrat de professionnalisation';
  if (!access.contracts.write) {
    return <Page title={title} breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}><p>Votre rôle ne permet pas d’enregistrer des contrats.</p></Page>;
  }
  return (
    <Page title={title} breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}
      lead="Vérifiez le contrat avant de l’enregistrer : chaque règle non respectée est expliquée à côté du champ concerné, avec la prise en charge de l’OPCA et la rémunération minimale mois par mois.">
      {editing && existing.loading && !existing.data && <Loading />}
      {editing && existing.error && <ErrorAlert error={existing.error} onRetry={existing.reload} />}
      {(!editing || existing.data) && (
        <div onInput={guard.touched}>
        <Form error={fieldErrors} onSubmit={() => save.run()} pending={save.pending} submitLabel={editing ? 'Enregistrer les modifications' : 'Enregistrer le contrat'}
          secondary={<>
            <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={() => void runCheck()} disabled={checking}>
              {checking ? 'Vérification…' : 'Vérifier le contrat'}
            </button>
            <Link className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-ml-md-2w')} to={editing ? `/acte-ii/contrats/${contractId}` : '/acte-ii/contrats'}>Annuler</Link>
          </>}>
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>

          <Fieldset legend="Employeur et financement">
            {access.isCompany
              ? <p className={fr.cx('fr-mb-0')}>Employeur : <strong>{access.organisationName}</strong></p>
              : <SelectField name="companyId" label="Employeur" required value={values.companyId} onChange={(v) => { set('companyId')(v); set('tutorId')(''); }}
                  options={companyOptions} placeholder="Choisir l’entreprise" disabled={editing} hint={editing ? 'L’employeur d’un contrat ne change pas.' : undefined} />}
            <SelectField name="trainingFundId" label="OPCA qui finance le contrat" required value={values.trainingFundId} onChange={set('trainingFundId')}
              options={fundOptions} placeholder="Choisir l’OPCA" disabled={access.isFund} />
          </Fieldset>

          <Fieldset legend="Bénéficiaire">
            <TextField name="trainee.lastName" label="Nom" required value={values.lastName} onChange={set('lastName')} maxLength={100} autoComplete="off" />
            <TextField name="trainee.firstName" label="Prénom" required value={values.firstName} onChange={set('firstName')} maxLength={100} autoComplete="off" />
            <RadioGroupField name="trainee.sex" legend="Sexe" required inline value={values.sex} onChange={set('sex')} options={sexOptions} />
            <DateField name="trainee.birthDate" label="Date de naissance" required value={values.birthDate} onChange={set('birthDate')} />
            <SelectField name="trainee.level" label="Niveau de qualification (nomenclature de 1969)" required value={values.level} onChange={set('level')}
              options={levelOptions} placeholder="Choisir le niveau" hint={values.level ? `Correspond au ${level2019Text(values.level)}.` : 'Le niveau du cadre de 2019 en est déduit.'} />
            <RadioGroupField name="trainee.hasRecognisedQualification" legend="Qualification professionnelle reconnue" hint="Diplôme ou titre inscrit au RNCP, ou qualification reconnue par la branche"
              required inline value={values.hasRecognisedQualification} onChange={set('hasRecognisedQualification')} options={[{ value: 'true', label: 'Oui' }, { value: 'false', label: 'Non' }]} />
            <RadioGroupField name="trainee.jobSeeker" legend="Demandeur d’emploi inscrit au début du contrat" required inline value={values.jobSeeker} onChange={set('jobSeeker')}
              options={[{ value: 'true', label: 'Oui' }, { value: 'false', label: 'Non' }]} />
            <fieldset className={fr.cx('fr-fieldset')} id={fieldId('trainee.publics')} aria-labelledby="publics-legend">
              <legend className={fr.cx('fr-fieldset__legend', 'fr-fieldset__legend--regular')} id="publics-legend">
                Publics prioritaires <span className={fr.cx('fr-hint-text')}>Ouvrent le contrat à tout âge, la durée de 24 mois et le forfait majoré</span>
              </legend>
              {PRIORITY_PUBLICS.map((p) => (
                <div key={p} className={fr.cx('fr-fieldset__element')}>
                  <div className={fr.cx('fr-checkbox-group')}>
                    <input type="checkbox" id={`public-${p}`} checked={values.publics.includes(p)}
                      onChange={(e) => set('publics')(e.target.checked ? [...values.publics, p] : values.publics.filter((x) => x !== p))} />
                    <label className={fr.cx('fr-label')} htmlFor={`public-${p}`}>{PRIORITY_PUBLIC_LABELS[p].replace(/^./, (c) => c.toUpperCase())}</label>
                  </div>
                </div>
              ))}
            </fieldset>
          </Fieldset>

          <Fieldset legend="Tuteur" hint="Obligatoire pour les contrats commençant à partir du 5 mars 2014 ; 2 ans d’expérience au moins ; 3 stagiaires à la fois au plus (2 si le tuteur est l’employeur).">
            <RadioGroupField name="tutorMode" legend="Tuteur du contrat" value={values.tutorMode} onChange={(v) => set('tutorMode')(v as Values['tutorMode'])}
              options={[{ value: 'existing', label: 'Un tuteur déjà déclaré' }, { value: 'new', label: 'Déclarer un nouveau tuteur' }, { value: 'none', label: 'Pas de tuteur' }]} />
            {values.tutorMode === 'existing' && (
              companyId
                ? <SelectField name="tutorId" label="Tuteur" value={values.tutorId} onChange={set('tutorId')} options={tutorOptions}
                    placeholder={tutors.loading ? 'Chargement des tuteurs…' : tutorOptions.length ? 'Choisir un tuteur' : 'Aucun tuteur déclaré pour cet employeur'} />
                : <p>Choisissez d’abord l’employeur pour voir ses tuteurs.</p>
            )}
            {values.tutorMode === 'new' && <TextField name="newTutor.lastName" label="Nom du tuteur" required value={values.newTutor.lastName} onChange={setTutor('lastName')} />}
            {values.tutorMode === 'new' && <TextField name="newTutor.firstName" label="Prénom du tuteur" required value={values.newTutor.firstName} onChange={setTutor('firstName')} />}
            {values.tutorMode === 'new' && <DateField name="newTutor.birthDate" label="Date de naissance du tuteur" hint="Un tuteur de 45 ans ou plus ouvre l’aide majorée (JJ/MM/AAAA)" value={values.newTutor.birthDate} onChange={setTutor('birthDate')} />}
            {values.tutorMode === 'new' && <NumberField name="newTutor.relatedExperienceMonths" label="Expérience en rapport avec la qualification visée" unit="mois" integer required value={values.newTutor.relatedExperienceMonths} onChange={setTutor('relatedExperienceMonths')} />}
            {values.tutorMode === 'new' && <CheckboxField name="newTutor.isEmployer" label="Le tuteur est l’employeur" checked={values.newTutor.isEmployer} onChange={setTutor('isEmployer')} />}
            {values.tutorMode !== 'none' && <NumberField name="tutorTrainingHours" label="Heures de formation du tuteur à financer" unit="heures (40 h prises en charge au plus)" value={values.tutorTrainingHours} onChange={set('tutorTrainingHours')} />}
          </Fieldset>

          <Fieldset legend="Contrat">
            <RadioGroupField name="contractType" legend="Type de contrat" required inline value={values.contractType} onChange={set('contractType')}
              options={[{ value: 'CDI', label: 'CDI (action de professionnalisation en début de CDI)' }, { value: 'CDD', label: 'CDD' }]} />
            <DateField name="startDate" label="Date de début" required value={values.startDate} onChange={set('startDate')} />
            <DateField name="endDate" label={values.contractType === 'CDI' ? 'Fin de l’action de professionnalisation' : 'Date de fin du CDD'} required value={values.endDate} onChange={set('endDate')} />
            <SelectField name="extendedDurationReason" label="Motif d’une durée de plus de 12 mois (jusqu’à 24)" value={values.extendedDurationReason} onChange={set('extendedDurationReason')}
              options={EXTENDED_DURATION_REASONS.map((r) => ({ value: r, label: EXTENDED_DURATION_REASON_LABELS[r].replace(/^./, (c) => c.toUpperCase()) }))} placeholder="Aucun (6 à 12 mois)" />
            <NumberField name="trainingHours" label="Heures de formation" unit="heures (15 à 25 % de la durée, 150 h au moins)" required value={values.trainingHours} onChange={set('trainingHours')} />
            <CheckboxField name="branchAllowsTrainingAbove25" label="Un accord de branche autorise plus de 25 % de formation" checked={values.branchAllowsTrainingAbove25} onChange={set('branchAllowsTrainingAbove25')} />
            <TextField name="targetedQualification" label="Qualification visée" required value={values.targetedQualification} onChange={set('targetedQualification')} maxLength={300} />
            <SelectField name="targetedLevel" label="Niveau visé" required value={values.targetedLevel} onChange={set('targetedLevel')} options={levelOptions} placeholder="Choisir le niveau" />
            <TextField name="providerName" label="Organisme de formation" required value={values.providerName} onChange={set('providerName')} maxLength={300} />
            <CheckboxField name="reservedForPair" label="Contrat réservé à un binôme intergénérationnel" hint="Compte dans les 1 000 contrats réservés ; le contrat doit être un CDI." checked={values.reservedForPair} onChange={set('reservedForPair')} />
          </Fieldset>

          <Fieldset legend="Rémunération et financement">
            <EurosField name="grossMonthlyPayCents" label="Salaire brut mensuel (temps plein)" required value={values.grossMonthlyPayCents} onChange={set('grossMonthlyPayCents')} />
            <EurosField name="branchMinimumMonthlyCents" label="Minimum conventionnel de l’emploi (facultatif)" hint="Pour les 26 ans et plus : 85 % de ce minimum au moins. En euros, par exemple 1 650,00" value={values.branchMinimumMonthlyCents} onChange={set('branchMinimumMonthlyCents')} />
            <EurosField name="branchHourlyRateCents" label="Forfait horaire de la branche (facultatif)" hint="Sinon 9,15 € ou 15 € par heure selon le public. En euros, par exemple 12,00" value={values.branchHourlyRateCents} onChange={set('branchHourlyRateCents')} />
          </Fieldset>

          {quotaRefused && save.error && (
            <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mt-4w')} role="alert">
              <h2 className={fr.cx('fr-alert__title')}>Quota atteint : dérogation possible</h2>
              <p>{save.error.message}</p>
              <p>Une dérogation décidée par le comité de pilotage permet d’enregistrer le contrat malgré tout ; sa motivation est conservée dans l’historique.</p>
              <FormErrorsProvider error={motivation.trim().length >= 3 ? undefined : save.error}>
                <TextAreaField name="override.motivation" label="Motivation de la dérogation" required value={motivation} onChange={setMotivation} rows={3} maxLength={2000} />
              </FormErrorsProvider>
              <button type="button" className={fr.cx('fr-btn', 'fr-btn--sm')} disabled={save.pending || motivation.trim().length < 3} onClick={() => void save.run(motivation)}>
                Enregistrer avec dérogation
              </button>
            </div>
          )}
        </Form>
        </div>
      )}

      <div ref={resultRef} tabIndex={-1} className={fr.cx('fr-mt-6w')} aria-live="polite">
        {check && (
          <section aria-labelledby="verification">
            <h2 id="verification">Résultat de la vérification{stale && <span className={fr.cx('fr-text--sm', 'fr-ml-1w')}>(le formulaire a changé depuis : vérifiez à nouveau)</span>}</h2>
            {check.valid
              ? <div className={fr.cx('fr-alert', 'fr-alert--success', 'fr-mb-3w')}><h3 className={fr.cx('fr-alert__title')}>Le contrat respecte les règles du contrat de professionnalisation</h3><p>Vous pouvez l’enregistrer.</p></div>
              : <div className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mb-3w')}>
                  <h3 className={fr.cx('fr-alert__title')}>{check.issues.filter((i) => i.severity === 'error').length} règle(s) non respectée(s)</h3>
                  <ul>{check.issues.filter((i) => i.severity === 'error').map((i, k) => (
                    <li key={k}><a href={`#${fieldId(fieldFor(i.field, values.tutorMode))}`}>{i.message}</a></li>
                  ))}</ul>
                </div>}
            {check.issues.some((i) => i.severity === 'warning') && (
              <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-3w')}>
                <h3 className={fr.cx('fr-alert__title')}>Points de vigilance</h3>
                <ul>{check.issues.filter((i) => i.severity === 'warning').map((i, k) => <li key={k}>{i.message}</li>)}</ul>
              </div>
            )}
            <h3>Prise en charge par l’OPCA : <Money cents={check.funding.totalCents} /></h3>
            <FundingTable funding={check.funding} />
            <h3 className={fr.cx('fr-mt-4w')}>Rémunération minimale</h3>
            <PayFloorTable rows={check.payFloor} payCents={values.grossMonthlyPayCents} />
          </section>
        )}
        {!check && checkError && <p className={fr.cx('fr-error-text')}>La vérification n’a pas pu aboutir : complétez les champs signalés puis vérifiez à nouveau.</p>}
      </div>
    </Page>
  );
}
