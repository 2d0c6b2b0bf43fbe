import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../../api/useApi.js';
import { DataList } from '../../components/DataList.js';
import { ErrorAlert, FlashNotice, Loading } from '../../components/feedback.js';
import { DateFr, Money, formatNumber } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { ACTE_II_CRUMB, CountersOnlyNotice, KeyFigures, TargetProgress, useActeIIAccess } from '../common.js';

interface PairCounters { target: number; total: number; placesLeft: number; progressBp: number; reservedJuniorContracts: number; reservedContractsWithoutPair: number }
interface PairRow { id: number; reference: string; companyName: string; seniorLastName: string; seniorFirstName: string; expectedRetirementDate: string;
  startDate: string; endDate: string; fullTimeSalaryCents: number; activityBp: number; payBp: number; juniorContractId: number; juniorReference: string;
  juniorLastName: string; juniorFirstName: string }

export function PairCountersPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { data, error, loading, reload } = useApi<PairCounters>('/api/pairs/counters');
  const H = `h${headingLevel}` as 'h2';
  if (loading && !data) return <Loading label="Chargement des compteurs…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <section aria-labelledby="compteurs-binomes" className={fr.cx('fr-mb-4w')}>
      <H id="compteurs-binomes" className={fr.cx('fr-h4')}>Avancement des binômes intergénérationnels</H>
      <TargetProgress label="Binômes formés" done={data.total} target={data.target} />
      <KeyFigures label="Chiffres clés des binômes" items={[
        { label: 'Contrats de jeunes réservés', value: formatNumber(data.reservedJuniorContracts) },
        { label: 'Contrats réservés sans binôme', value: formatNumber(Math.max(0, data.reservedContractsWithoutPair)) },
      ]} />
    </section>
  );
}

/** /acte-ii/binomes */
export function PairsPage() {
  const access = useActeIIAccess();
  return (
    <Page title="Binômes intergénérationnels" breadcrumb={[ACTE_II_CRUMB]}
      lead="Axe 3 : 1 000 binômes associant un jeune en contrat de professionnalisation en CDI et un senior à moins de 2 ans de la retraite, à 50 % d’activité, payé 80 %, cotisant sur 100 %."
      actions={
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
          <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'ri-calculator-line' as never)} to="/acte-ii/binomes/simulation">Simuler un binôme</Link></li>
          {access.pairs.write && <li><Link className={fr.cx('fr-btn', 'fr-icon-add-line')} to="/acte-ii/binomes/nouveau">Nouveau binôme</Link></li>}
          {access.pairs.write && <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-upload-line')} to="/acte-ii/binomes/import">Importer</Link></li>}
        </ul>
      }>
      <FlashNotice />
      <PairCountersPanel />
      {access.pairs.list ? (
        <DataList<PairRow>
          endpoint="/api/pairs"
          caption="Liste des binômes intergénérationnels"
          defaultSort="startDate"
          defaultOrder="desc"
          filters={[
            { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom du senior, du jeune ou référence' },
            { name: 'startFrom', label: 'Début à partir du', type: 'text', hint: 'AAAA-MM-JJ' },
            { name: 'startTo', label: 'Début jusqu’au', type: 'text', hint: 'AAAA-MM-JJ' },
          ]}
          columns={[
            { label: 'Référence', sort: 'reference', rowHeader: true, render: (r) => <Link to={`/acte-ii/binomes/${r.id}`}>{r.reference}</Link> },
            { label: 'Entreprise', sort: 'companyName', key: 'companyName' },
            { label: 'Senior', sort: 'seniorLastName', render: (r) => `${r.seniorFirstName} ${r.seniorLastName}` },
            { label: 'Retraite prévue', sort: 'expectedRetirementDate', render: (r) => <DateFr value={r.expectedRetirementDate} style="short" /> },
            { label: 'Jeune', render: (r) => <Link to={`/acte-ii/contrats/${r.juniorContractId}`}>{r.juniorFirstName} {r.juniorLastName}<span className={fr.cx('fr-sr-only')}> (contrat {r.juniorReference})</span></Link> },
            { label: 'Début', sort: 'startDate', render: (r) => <DateFr value={r.startDate} style="short" /> },
            { label: 'Fin', render: (r) => <DateFr value={r.endDate} style="short" /> },
            { label: 'Salaire temps plein', sort: 'fullTimeSalaryCents', numeric: true, render: (r) => <Money cents={r.fullTimeSalaryCents} /> },
          ]}
        />
      ) : <CountersOnlyNotice what="binômes" />}
    </Page>
  );
}
