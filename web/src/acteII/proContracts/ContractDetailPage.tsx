import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, FlashNotice, Loading, Notice, StatusBadge } from '../../components/feedback.js';
import { DateField, Form, SelectField } from '../../components/forms.js';
import { DateFr, Money, formatDateFr } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { Timeline } from '../../components/Timeline.js';
import { CERTIFICATION_RESULTS, CERTIFICATION_RESULT_LABELS, END_REASONS, END_REASON_LABELS, EXIT_SITUATIONS, EXIT_SITUATION_LABELS } from '../../../../src/proContracts/rules/outcome.js';
import { EXTENDED_DURATION_REASON_LABELS, PRIORITY_PUBLIC_LABELS, type ExtendedDurationReason, type PriorityPublic } from '../../../../src/proContracts/rules/types.js';
import { ACTE_II_CRUMB, CONTRACTS_CRUMB, Details, HISTORY_ACTIONS, IssuesList, hoursText, level2019Text, percentBp } from '../common.js';
import { FollowUpBadge, FundingTable, PayFloorTable } from './shared.js';
import type { Contract } from './types.js';

const options = <T extends string>(keys: readonly T[], labels: Record<T, string>) => keys.map((k) => ({ value: k, label: labels[k] }));

/** /acte-ii/contrats/:id */
export function ContractDetailPage() {
  const { id } = useParams();
  const { data, error, loading, reload, setData } = useApi<Contract>(`/api/pro-contracts/${id}`);
  if (loading && !data) return <Page title="Contrat de professionnalisation" breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}><Loading /></Page>;
  if (error || !data) return <Page title="Contrat de professionnalisation" breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}>{error && <ErrorAlert error={error} onRetry={reload} />}</Page>;
  const c = data;
  const t = c.trainee;
  return (
    <Page title={`Contrat ${c.reference}`} breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}
      lead={`${t.firstName} ${t.lastName} — ${c.contractType}, du ${formatDateFr(c.startDate)} au ${formatDateFr(c.endDate)}, chez ${c.companyName ?? 'employeur inconnu'}`}
      actions={c.canEdit && <Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-edit-line', 'fr-btn--icon-left')} to={`/acte-ii/contrats/${c.id}/modifier`}>Modifier</Link>}>
      <FlashNotice />
      <p>
        {c.reservedForPair && <StatusBadge label="Réservé binôme intergénérationnel" severity="new" />}{' '}
        {c.quotaOverride && <StatusBadge label="Dérogation au quota" severity="warning" />}{' '}
        {c.isImported && <StatusBadge label="Importé" severity="info" />}
      </p>
      <IssuesList issues={c.issues} />

      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="beneficiaire">
          <h2 id="beneficiaire" className={fr.cx('fr-h4')}>Bénéficiaire</h2>
          <Details items={[
            ['Nom', `${t.firstName} ${t.lastName}`],
            ['Sexe', t.sex === 'F' ? 'Femme' : 'Homme'],
            ['Naissance', <><DateFr value={t.birthDate} /> ({t.ageAtStart} ans au début)</>],
            ['Niveau', `${t.level} — ${level2019Text(t.level)}`],
            ['Qualification reconnue', t.hasRecognisedQualification ? 'Oui' : 'Non'],
            ['Demandeur d’emploi', t.jobSeeker ? 'Oui' : 'Non'],
            ['Publics prioritaires', t.publics.length ? t.publics.map((p) => PRIORITY_PUBLIC_LABELS[p as PriorityPublic]).join(', ') : 'Aucun'],
          ]} />
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="contrat">
          <h2 id="contrat" className={fr.cx('fr-h4')}>Contrat</h2>
          <Details items={[
            ['Employeur', c.companyName],
            ['OPCA', c.trainingFundName],
            ['Type', c.contractType],
            ['Période', <>du <DateFr value={c.startDate} /> au <DateFr value={c.endDate} /></>],
            ['Allongement', c.extendedDurationReason ? EXTENDED_DURATION_REASON_LABELS[c.extendedDurationReason as ExtendedDurationReason] : 'Non'],
            ['Qualification visée', `${c.targetedQualification} (niveau ${c.targetedLevel})`],
            ['Organisme de formation', c.providerName],
            ['Salaire brut mensuel', <Money cents={c.grossMonthlyPayCents} />],
            ['Minimum de branche', <Money cents={c.branchMinimumMonthlyCents} empty="Non renseigné" />],
            ['Binôme', c.pair ? <Link to={`/acte-ii/binomes/${c.pair.id}`}>{c.pair.reference}</Link> : 'Aucun'],
          ]} />
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="formation">
          <h2 id="formation" className={fr.cx('fr-h4')}>Part de formation</h2>
          <Details items={[
            ['Heures de formation', hoursText(c.trainingHours)],
            ['Durée de référence', hoursText(c.trainingShare.lengthHours)],
            ['Part de formation', <strong>{percentBp(c.trainingShare.shareBp)}</strong>],
            ['Au-delà de 25 %', c.branchAllowsTrainingAbove25 ? 'Autorisé par accord de branche' : 'Non autorisé'],
          ]} />
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="tuteur">
          <h2 id="tuteur" className={fr.cx('fr-h4')}>Tuteur</h2>
          {c.tutor ? <Details items={[
            ['Nom', `${c.tutor.firstName} ${c.tutor.lastName}`],
            ['Âge au début', c.tutor.ageAtStart !== null ? `${c.tutor.ageAtStart} ans` : 'Non renseigné'],
            ['Expérience', `${c.tutor.relatedExperienceMonths} mois`],
            ['Employeur', c.tutor.isEmployer ? 'Oui (2 stagiaires au plus)' : 'Non (3 stagiaires au plus)'],
            ['Formation du tuteur', hoursText(c.tutorTrainingHours)],
          ]} /> : <p>Aucun tuteur déclaré.</p>}
        </section>
      </div>

      <section aria-labelledby="financement" className={fr.cx('fr-mt-4w')}>
        <h2 id="financement">Prise en charge par l’OPCA : <Money cents={c.funding.totalCents} /></h2>
        <FundingTable funding={c.funding} />
      </section>

      <section aria-labelledby="plancher" className={fr.cx('fr-mt-4w')}>
        <h2 id="plancher">Rémunération minimale mois par mois</h2>
        <PayFloorTable rows={c.payFloor} payCents={c.grossMonthlyPayCents} />
      </section>

      <FollowUpSection contract={c} onSaved={setData} />

      <section aria-labelledby="historique" className={fr.cx('fr-mt-6w')}>
        <h2 id="historique">Historique</h2>
        <Timeline events={c.history} actionLabels={HISTORY_ACTIONS}
          fieldLabels={{ trainee: 'Bénéficiaire', startDate: 'Début', endDate: 'Fin', contractType: 'Type', reservedForPair: 'Réservé binôme', quotaOverride: 'Dérogation au quota',
            warnings: 'Points de vigilance', actualEndDate: 'Fin anticipée', endReason: 'Motif de fin', certification: 'Certification', situationAtExit: 'Situation à la sortie',
            situationAfter6Months: 'Situation à 6 mois', demo: 'Données de démonstration' }}
          renderValue={(key, value) => {
            if (typeof value !== 'string') return undefined;
            if (key === 'endReason') return END_REASON_LABELS[value as never];
            if (key === 'certification') return CERTIFICATION_RESULT_LABELS[value as never];
            if (key === 'situationAtExit' || key === 'situationAfter6Months') return EXIT_SITUATION_LABELS[value as never];
            return undefined;
          }} />
      </section>
    </Page>
  );
}

function FollowUpSection({ contract: c, onSaved }: { contract: Contract; onSaved: (c: Contract) => void }) {
  const f = c.followUp;
  const initial = () => ({
    actualEndDate: f.actualEndDate ?? '', endReason: f.endReason ?? '', certification: f.certification ?? '',
    situationAtExit: f.situationAtExit ?? '', situationAfter6Months: f.situationAfter6Months ?? '',
  });
  const [values, setValues] = useState(initial);
  const [done, setDone] = useState<string | undefined>();
  useEffect(() => { setValues(initial()); // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c.version]);
  const set = (k: keyof ReturnType<typeof initial>) => (v: string) => setValues((x) => ({ ...x, [k]: v }));
  const save = useMutation(async () => {
    const saved = await api.patch<Contract>(`/api/pro-contracts/${c.id}/follow-up`, {
      version: c.version,
      actualEndDate: values.actualEndDate || null, endReason: values.endReason || null, certification: values.certification || null,
      situationAtExit: values.situationAtExit || null, situationAfter6Months: values.situationAfter6Months || null,
    });
    onSaved(saved);
    setDone('Suite de parcours enregistrée.');
  });
  return (
    <section aria-labelledby="suite-de-parcours" className={fr.cx('fr-mt-6w')} id="suite">
      <h2 id="suite-de-parcours">Suite de parcours</h2>
      <p>
        <FollowUpBadge status={f.status} answered={!!f.situationAfter6Months} />{' '}
        Sortie le <DateFr value={f.window.exitDate} /> : le suivi à 6 mois est dû à partir du <DateFr value={f.window.dueFrom} /> et en retard après le <DateFr value={f.window.lateAfter} />.
      </p>
      {done && <Notice message={done} onClose={() => setDone(undefined)} />}
      {c.canEdit ? (
        <div className="parcours-acte2-panel">
          <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer la suite de parcours" ariaLabel="Suite de parcours">
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <DateField name="actualEndDate" label="Fin anticipée (le cas échéant)" value={values.actualEndDate} onChange={set('actualEndDate')} min={c.startDate} max={c.endDate} />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="endReason" label="Motif de fin" value={values.endReason} onChange={set('endReason')} options={options(END_REASONS, END_REASON_LABELS)} placeholder="Non renseigné" />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="certification" label="Certification" value={values.certification} onChange={set('certification')} options={options(CERTIFICATION_RESULTS, CERTIFICATION_RESULT_LABELS)} placeholder="Non renseignée" />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="situationAtExit" label="Situation à la sortie" value={values.situationAtExit} onChange={set('situationAtExit')} options={options(EXIT_SITUATIONS, EXIT_SITUATION_LABELS)} placeholder="Non renseignée" />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="situationAfter6Months" label="Situation 6 mois après la sortie" value={values.situationAfter6Months} onChange={set('situationAfter6Months')} options={options(EXIT_SITUATIONS, EXIT_SITUATION_LABELS)} placeholder="Non renseignée" />
              </div>
            </div>
          </Form>
        </div>
      ) : (
        <Details items={[
          ['Fin anticipée', <DateFr value={f.actualEndDate} empty="Non" />],
          ['Motif de fin', f.endReasonLabel ?? '—'],
          ['Certification', f.certificationLabel ?? '—'],
          ['Situation à la sortie', f.situationAtExitLabel ?? '—'],
          ['Situation à 6 mois', f.situationAfter6MonthsLabel ?? '—'],
        ]} />
      )}
    </section>
  );
}
