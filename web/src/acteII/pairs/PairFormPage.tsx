import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, toApiError, type ApiError, type Page as ListPage } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, Loading, useNotify } from '../../components/feedback.js';
import { CheckboxField, DateField, Fieldset, Form, SelectField, TextField } from '../../components/forms.js';
import { formatDateFr } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { useTypedChangesGuard } from '../../components/unsavedChanges.js';
import { RadioGroupField } from '../../weeklyCell/RadioGroupField.js';
import { ACTE_II_CRUMB, PAIRS_CRUMB, sexOptions, useActeIIAccess } from '../common.js';
import { WORKED_EXAMPLE_2008, TermsFields, termsBody, type Terms } from './PairSimulationPage.js';
import { ScheduleView, type Pair, type Schedule } from './shared.js';

interface JuniorRow { id: number; reference: string; firstName: string; lastName: string; companyName: string; startDate: string; endDate: string }

/** /acte-ii/binomes/nouveau and /acte-ii/binomes/:id/modifier */
export function PairFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const access = useActeIIAccess();
  const existing = useApi<Pair>(editing ? `/api/pairs/${id}` : null);
  const juniors = useApi<ListPage<JuniorRow>>('/api/pro-contracts', { reservedForPair: true, contractType: 'CDI', pageSize: 200, sort: 'startDate', order: 'desc' });
  const [juniorContractId, setJunior] = useState('');
  const [senior, setSenior] = useState({ lastName: '', firstName: '', sex: '', birthDate: '', expectedRetirementDate: '' });
  const [writtenAgreement, setAgreement] = useState(false);
  const [terms, setTerms] = useState<Terms>({ ...WORKED_EXAMPLE_2008, startDate: '', endDate: '', expectedRetirementDate: '' });
  const [preview, setPreview] = useState<Schedule | undefined>();
  const [previewError, setPreviewError] = useState<ApiError | undefined>();
  const notify = useNotify();
  const guard = useTypedChangesGuard();
  const setS = (k: keyof typeof senior) => (v: string) => setSenior((s) => ({ ...s, [k]: v }));

  useEffect(() => {
    const p = existing.data;
    if (!p) return;
    setJunior(String(p.junior.contractId));
    setSenior({ ...p.senior });
    setAgreement(p.writtenAgreement);
    setTerms({ startDate: p.startDate, endDate: p.endDate, fullTimeSalaryCents: p.fullTimeSalaryCents, activityPercent: p.activityBp / 100, payPercent: p.payBp / 100,
      employerPaysEmployeeSupplement: p.employerPaysEmployeeSupplement, expectedRetirementDate: '' });
  }, [existing.data]);

  const body = () => ({
    juniorContractId: juniorContractId ? Number(juniorContractId) : undefined,
    senior: { lastName: senior.lastName, firstName: senior.firstName, sex: senior.sex || undefined, birthDate: senior.birthDate || undefined, expectedRetirementDate: senior.expectedRetirementDate || undefined },
    writtenAgreement,
    ...termsBody(terms),
  });
  const save = useMutation(async () => {
    const saved = editing
      ? await api.put<Pair>(`/api/pairs/${id}`, { ...body(), version: existing.data!.version })
      : await api.post<Pair>('/api/pairs', body());
    guard.release();
    notify(`/acte-ii/binomes/${saved.id}`, `Binôme ${saved.reference} ${editing ? 'modifié' : 'enregistré'}.`);
  });
  const simulate = async () => {
    try {
      setPreview(await api.post<Schedule>('/api/pairs/simulate', { ...termsBody(terms), expectedRetirementDate: senior.expectedRetirementDate || undefined }));
      setPreviewError(undefined);
    } catch (e) {
      setPreview(undefined);
      setPreviewError(toApiError(e));
    }
  };

  const options = (juniors.data?.items ?? []).map((j) => ({ value: String(j.id), label: `${j.firstName} ${j.lastName} — ${j.reference}, ${j.companyName}, depuis le ${formatDateFr(j.startDate, 'short')}` }));
  const title = editing ? (existing.data ? `Modifier le binôme ${existing.data.reference}` : 'Modifier le binôme') : 'Nouveau binôme intergénérationnel';
  if (!access.pairs.write) return <Page title={title} breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}><p>Votre rôle ne permet pas d’enregistrer des binômes.</p></Page>;
  return (
    <Page title={title} breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}
      lead="Le jeune est un contrat de professionnalisation en CDI réservé aux binômes, dans la même entreprise que le senior.">
      {editing && existing.loading && !existing.data && <Loading />}
      {editing && existing.error && <ErrorAlert error={existing.error} onRetry={existing.reload} />}
      {(!editing || existing.data) && (
        <div onInput={guard.touched}>
        <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={editing ? 'Enregistrer les modifications' : 'Enregistrer le binôme'}
          secondary={<>
            <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={() => void simulate()}>Simuler l’échéancier</button>
            <Link className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-ml-md-2w')} to={editing ? `/acte-ii/binomes/${id}` : '/acte-ii/binomes'}>Annuler</Link>
          </>}>
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
          <Fieldset legend="Jeune">
            <SelectField name="juniorContractId" label="Contrat de professionnalisation du jeune" required value={juniorContractId} onChange={setJunior} options={options}
              placeholder={juniors.loading ? 'Chargement…' : options.length ? 'Choisir le contrat' : 'Aucun contrat en CDI réservé aux binômes'}
              hint="Contrats en CDI réservés aux binômes intergénérationnels" />
          </Fieldset>
          <Fieldset legend="Senior">
            <TextField name="senior.lastName" label="Nom" required value={senior.lastName} onChange={setS('lastName')} autoComplete="off" />
            <TextField name="senior.firstName" label="Prénom" required value={senior.firstName} onChange={setS('firstName')} autoComplete="off" />
            <RadioGroupField name="senior.sex" legend="Sexe" required inline value={senior.sex} onChange={setS('sex')} options={sexOptions} />
            <DateField name="senior.birthDate" label="Date de naissance" required value={senior.birthDate} onChange={setS('birthDate')} />
            <DateField name="senior.expectedRetirementDate" label="Départ en retraite prévu" hint="Dans les 2 ans qui suivent le début du binôme (JJ/MM/AAAA)" required value={senior.expectedRetirementDate} onChange={setS('expectedRetirementDate')} />
            <CheckboxField name="writtenAgreement" label="L’accord écrit entre l’employeur et le senior est signé" hint="Il fixe le salaire de référence à temps plein sur lequel les cotisations vieillesse sont calculées." checked={writtenAgreement} onChange={setAgreement} />
          </Fieldset>
          <TermsFields terms={terms} onChange={setTerms} />
        </Form>
        </div>
      )}
      <div aria-live="polite" className={fr.cx('fr-mt-6w')}>
        {previewError && <ErrorAlert error={previewError} title="Simulation impossible" />}
        {preview && (
          <section aria-labelledby="apercu-echeancier">
            <h2 id="apercu-echeancier">Échéancier simulé (non enregistré)</h2>
            <ScheduleView schedule={preview} />
          </section>
        )}
      </div>
    </Page>
  );
}
