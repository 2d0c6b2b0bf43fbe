import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { DataList, type Filter } from '../../components/DataList.js';
import { FlashNotice, StatusBadge } from '../../components/feedback.js';
import { DateFr, Money } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { ACTE_II_CRUMB, CountersOnlyNotice, useActeIIAccess, useCompanyOptions, useFundOptions } from '../common.js';
import { ContractCountersPanel, FollowUpBadge } from './shared.js';
import type { ContractRow } from './types.js';

export function ContractsNav({ current }: { current: 'list' | 'followUps' }) {
  return (
    <nav className={fr.cx('fr-mb-3w')} aria-label="Vues des contrats">
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
        <li><Link className={fr.cx('fr-btn', current === 'list' ? undefined : 'fr-btn--secondary')} to="/acte-ii/contrats" aria-current={current === 'list' ? 'page' : undefined}>Tous les contrats</Link></li>
        <li><Link className={fr.cx('fr-btn', current === 'followUps' ? undefined : 'fr-btn--secondary')} to="/acte-ii/contrats/suivis" aria-current={current === 'followUps' ? 'page' : undefined}>Suivis à faire</Link></li>
      </ul>
    </nav>
  );
}

/** /acte-ii/contrats — counters, then the contracts the user may see. */
export function ContractsPage() {
  const access = useActeIIAccess();
  const companies = useCompanyOptions(access.contracts.list && !access.isCompany);
  const funds = useFundOptions();
  const filters: Filter[] = [
    { name: 'q', label: 'Rechercher', type: 'search', hint: 'Nom, référence, employeur' },
    ...(!access.isCompany ? [{ name: 'companyId', label: 'Employeur', type: 'select', options: companies, allLabel: 'Tous les employeurs' } as Filter] : []),
    ...(!access.isFund ? [{ name: 'trainingFundId', label: 'OPCA', type: 'select', options: funds, allLabel: 'Tous les OPCA' } as Filter] : []),
    { name: 'contractType', label: 'Type', type: 'select', options: [{ value: 'CDI', label: 'CDI' }, { value: 'CDD', label: 'CDD' }], allLabel: 'CDI et CDD' },
    { name: 'reservedForPair', label: 'Réserve binômes', type: 'select', options: [{ value: 'true', label: 'Réservés' }, { value: 'false', label: 'Hors réserve' }], allLabel: 'Tous' },
    { name: 'startFrom', label: 'Début à partir du', type: 'text', hint: 'AAAA-MM-JJ' },
    { name: 'startTo', label: 'Début jusqu’au', type: 'text', hint: 'AAAA-MM-JJ' },
    { name: 'followUp', label: 'Suivi à 6 mois', type: 'select', options: [{ value: 'due', label: 'À faire' }, { value: 'late', label: 'En retard' }], allLabel: 'Tous' },
  ];
  return (
    <Page title="Contrats de professionnalisation" breadcrumb={[ACTE_II_CRUMB]}
      lead="6 000 contrats visés pendant l’Acte II, dont 1 000 réservés aux binômes intergénérationnels ; le CDI est privilégié."
      actions={access.contracts.write && (
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
          <li><Link className={fr.cx('fr-btn', 'fr-icon-add-line')} to="/acte-ii/contrats/nouveau">Nouveau contrat</Link></li>
          <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-upload-line')} to="/acte-ii/contrats/import">Importer</Link></li>
        </ul>
      )}>
      <FlashNotice />
      <ContractCountersPanel />
      {access.contracts.list ? (
        <>
          <ContractsNav current="list" />
          <DataList<ContractRow>
            endpoint="/api/pro-contracts"
            caption="Liste des contrats de professionnalisation"
            defaultSort="startDate"
            defaultOrder="desc"
            filters={filters}
            columns={[
              { label: 'Référence', sort: 'reference', rowHeader: true, render: (r) => <Link to={`/acte-ii/contrats/${r.id}`}>{r.reference}</Link> },
              { label: 'Bénéficiaire', sort: 'lastName', render: (r) => `${r.firstName} ${r.lastName}` },
              ...(!access.isCompany ? [{ label: 'Employeur', sort: 'companyName', key: 'companyName' as const }] : []),
              ...(!access.isFund ? [{ label: 'OPCA', key: 'trainingFundName' as const }] : []),
              { label: 'Type', render: (r) => <>{r.contractType}{r.isReservedForPair && <><br /><StatusBadge label="Réservé binôme" severity="new" /></>}</> },
              { label: 'Début', sort: 'startDate', render: (r) => <DateFr value={r.startDate} style="short" /> },
              { label: 'Fin prévue', sort: 'endDate', render: (r) => <DateFr value={r.endDate} style="short" /> },
              { label: 'Prise en charge', sort: 'fundingCents', numeric: true, render: (r) => <Money cents={r.fundingCents} /> },
              { label: 'Suivi à 6 mois', sort: 'followUpDueFrom', render: (r) => <FollowUpBadge status={r.followUpStatus} answered={!!r.situationAfter6Months} /> },
            ]}
            emptyMessage={access.contracts.write ? 'Aucun contrat ne correspond. Utilisez « Nouveau contrat » pour en enregistrer un.' : undefined}
          />
        </>
      ) : <CountersOnlyNotice what="contrats de professionnalisation" />}
    </Page>
  );
}

/** /acte-ii/contrats/suivis — contracts whose +6-month follow-up is due or late. */
export function FollowUpsPage() {
  const access = useActeIIAccess();
  return (
    <Page title="Suivis à 6 mois à faire" breadcrumb={[ACTE_II_CRUMB, { label: 'Contrats de professionnalisation', to: '/acte-ii/contrats' }]}
      lead="La situation six mois après la sortie est due à partir de sortie + 6 mois et en retard après sortie + 7 mois.">
      {access.contracts.list ? (
        <>
          <ContractsNav current="followUps" />
          <DataList<ContractRow>
            endpoint="/api/pro-contracts/follow-ups"
            caption="Contrats dont le suivi à 6 mois est à faire ou en retard"
            exportable={false}
            defaultSort="followUpDueFrom"
            filters={[
              { name: 'state', label: 'État du suivi', type: 'select', options: [{ value: 'due', label: 'À faire' }, { value: 'late', label: 'En retard' }], allLabel: 'À faire (par défaut)' },
              { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom, référence ou employeur' },
            ]}
            columns={[
              { label: 'Référence', sort: 'reference', rowHeader: true, render: (r) => <Link to={`/acte-ii/contrats/${r.id}#suite-de-parcours`}>{r.reference}</Link> },
              { label: 'Bénéficiaire', sort: 'lastName', render: (r) => `${r.firstName} ${r.lastName}` },
              { label: 'Employeur', sort: 'companyName', key: 'companyName' },
              { label: 'Sortie', render: (r) => <DateFr value={r.actualEndDate ?? r.endDate} style="short" /> },
              { label: 'Dû à partir du', sort: 'followUpDueFrom', render: (r) => <DateFr value={r.followUpDueFrom} style="short" /> },
              { label: 'En retard après le', render: (r) => <DateFr value={r.followUpLateAfter} style="short" /> },
              { label: 'État', render: (r) => <FollowUpBadge status={r.followUpStatus} /> },
            ]}
            emptyMessage="Aucun suivi à faire dans cette catégorie."
          />
        </>
      ) : <CountersOnlyNotice what="contrats de professionnalisation" />}
    </Page>
  );
}
