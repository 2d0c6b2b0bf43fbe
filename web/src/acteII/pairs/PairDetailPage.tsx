import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../../api/useApi.js';
import { ErrorAlert, FlashNotice, Loading } from '../../components/feedback.js';
import { DateFr, Money, formatDateFr } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { Timeline } from '../../components/Timeline.js';
import { ACTE_II_CRUMB, Details, HISTORY_ACTIONS, IssuesList, PAIRS_CRUMB, percentBp } from '../common.js';
import { ScheduleView, type Pair } from './shared.js';

/** /acte-ii/binomes/:id */
export function PairDetailPage() {
  const { id } = useParams();
  const { data: p, error, loading, reload } = useApi<Pair>(`/api/pairs/${id}`);
  if (loading && !p) return <Page title="Binôme intergénérationnel" breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}><Loading /></Page>;
  if (error || !p) return <Page title="Binôme intergénérationnel" breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}>{error && <ErrorAlert error={error} onRetry={reload} />}</Page>;
  return (
    <Page title={`Binôme ${p.reference}`} breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}
      lead={`${p.senior.firstName} ${p.senior.lastName} et ${p.junior.firstName} ${p.junior.lastName} — ${p.companyName ?? ''}, du ${formatDateFr(p.startDate)} au ${formatDateFr(p.endDate)}`}
      actions={p.canEdit && <Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-edit-line', 'fr-btn--icon-left')} to={`/acte-ii/binomes/${p.id}/modifier`}>Modifier</Link>}>
      <FlashNotice />
      <IssuesList issues={p.issues} />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="senior">
          <h2 id="senior" className={fr.cx('fr-h4')}>Senior</h2>
          <Details items={[
            ['Nom', `${p.senior.firstName} ${p.senior.lastName}`],
            ['Naissance', <DateFr value={p.senior.birthDate} />],
            ['Retraite prévue', <DateFr value={p.senior.expectedRetirementDate} />],
            ['Temps de travail', percentBp(p.activityBp)],
            ['Rémunération', `${percentBp(p.payBp)} du temps plein`],
            ['Salaire à temps plein', <Money cents={p.fullTimeSalaryCents} />],
            ['Accord écrit', p.writtenAgreement ? 'Signé' : 'Non signé'],
            ['Part salariale sur le supplément', p.employerPaysEmployeeSupplement ? 'Prise en charge par l’employeur' : 'À la charge du salarié'],
          ]} />
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="jeune">
          <h2 id="jeune" className={fr.cx('fr-h4')}>Jeune</h2>
          <Details items={[
            ['Nom', `${p.junior.firstName} ${p.junior.lastName}`],
            ['Contrat', <Link to={`/acte-ii/contrats/${p.junior.contractId}`}>{p.junior.reference}</Link>],
            ['Type', `${p.junior.contractType}${p.junior.reservedForPair ? ', réservé binôme' : ''}`],
            ['Période', <>du <DateFr value={p.junior.startDate} /> au <DateFr value={p.junior.endDate} /></>],
          ]} />
        </section>
      </div>
      <section aria-labelledby="echeancier" className={fr.cx('fr-mt-4w')}>
        <h2 id="echeancier">Échéancier et totaux</h2>
        <ScheduleView schedule={p.schedule} />
      </section>
      <section aria-labelledby="historique" className={fr.cx('fr-mt-6w')}>
        <h2 id="historique">Historique</h2>
        <Timeline events={p.history} actionLabels={HISTORY_ACTIONS}
          fieldLabels={{ senior: 'Senior', juniorContractId: 'Contrat du jeune', startDate: 'Début', endDate: 'Fin', warnings: 'Points de vigilance', demo: 'Données de démonstration' }} />
      </section>
    </Page>
  );
}
