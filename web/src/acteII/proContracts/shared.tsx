import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../../api/useApi.js';
import { ErrorAlert, Loading, StatusBadge, type BadgeSeverity } from '../../components/feedback.js';
import { DateFr, formatNumber, Money } from '../../components/format.js';
import { AGE_BAND_LABELS } from '../../../../src/proContracts/rules/payFloor.js';
import { KeyFigures, TargetProgress, hoursText, monthText, percentBp } from '../common.js';
import type { ContractCounters, FollowUpStatus, Funding, PayFloorRow } from './types.js';

export const FOLLOW_UP_BADGES: Record<FollowUpStatus, [string, BadgeSeverity]> = {
  not_due: ['Pas encore dû', undefined],
  due: ['Suivi à 6 mois à faire', 'warning'],
  late: ['Suivi à 6 mois en retard', 'error'],
};

export function FollowUpBadge({ status, answered }: { status: FollowUpStatus; answered?: boolean }) {
  if (answered) return <StatusBadge label="Suivi à 6 mois renseigné" severity="success" />;
  return <StatusBadge status={status} map={FOLLOW_UP_BADGES} />;
}

/** Progress towards the 6 000 contracts and the 1 000 reserved for pairs. */
export function ContractCountersPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { data, error, loading, reload } = useApi<ContractCounters>('/api/pro-contracts/counters');
  const H = `h${headingLevel}` as 'h2';
  if (loading && !data) return <Loading label="Chargement des compteurs…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <section aria-labelledby="compteurs-contrats" className={fr.cx('fr-mb-4w')}>
      <H id="compteurs-contrats" className={fr.cx('fr-h4')}>Avancement des contrats de professionnalisation</H>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <TargetProgress label="Contrats signés" done={data.total} target={data.target} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <TargetProgress label="Dont réservés aux binômes intergénérationnels" done={data.reserved} target={data.reservedTarget} />
        </div>
      </div>
      <KeyFigures label="Chiffres clés des contrats" items={[
        { label: 'Contrats hors réserve', value: `${formatNumber(data.ordinary)} / ${formatNumber(data.ordinaryCap)}` },
        { label: 'Places hors réserve', value: formatNumber(data.ordinaryPlacesLeft) },
        { label: 'Places réservées restantes', value: formatNumber(data.reservedPlacesLeft) },
        { label: 'En CDI', value: formatNumber(data.cdi) },
        { label: 'En CDD', value: formatNumber(data.cdd) },
        { label: 'Dérogations au quota', value: formatNumber(data.quotaOverrides) },
        { label: 'Ruptures anticipées', value: formatNumber(data.endedEarly) },
        { label: 'Qualifications obtenues', value: formatNumber(data.certified) },
        { label: 'Suivis à 6 mois à faire', value: formatNumber(data.followUpsDue) },
        { label: 'Suivis en retard', value: formatNumber(data.followUpsLate) },
      ]} />
    </section>
  );
}

const BASIS: Record<Funding['hourlyRateBasis'], string> = {
  default: 'forfait horaire par défaut',
  branch: 'forfait horaire de la branche',
  priority: 'forfait majoré (public prioritaire)',
};

/** The fund's contribution, line by line. */
export function FundingTable({ funding, caption = 'Prise en charge par l’OPCA' }: { funding: Funding; caption?: string }) {
  return (
    <div className={fr.cx('fr-table', 'fr-table--no-caption') + ' parcours-list'}>
      <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label={caption}><div className={fr.cx('fr-table__content')}>
        <table>
          <caption>{caption}</caption>
          <thead><tr><th scope="col">Poste</th><th scope="col">Calcul</th><th scope="col" className="parcours-numeric">Montant</th></tr></thead>
          <tbody>
            <tr>
              <th scope="row">Formation</th>
              <td>{hoursText(funding.trainingHours)} × <Money cents={funding.hourlyRateCents} /> ({BASIS[funding.hourlyRateBasis]})</td>
              <td className="parcours-numeric"><Money cents={funding.trainingFundingCents} /></td>
            </tr>
            <tr>
              <th scope="row">Aide au tutorat</th>
              <td>{funding.tutoringAidMonths} mois × <Money cents={funding.tutoringAidMonthlyCents} /></td>
              <td className="parcours-numeric"><Money cents={funding.tutoringAidCents} /></td>
            </tr>
            <tr>
              <th scope="row">Formation du tuteur</th>
              <td>{hoursText(funding.tutorTrainingHoursFunded)} prises en charge</td>
              <td className="parcours-numeric"><Money cents={funding.tutorTrainingCents} /></td>
            </tr>
            <tr>
              <th scope="row">Total</th>
              <td>{funding.priorityPublic ? 'Public prioritaire : taux et aide majorés' : 'Taux de droit commun'}</td>
              <td className="parcours-numeric"><strong><Money cents={funding.totalCents} /></strong></td>
            </tr>
          </tbody>
        </table>
      </div></div></div>
    </div>
  );
}

/** Minimum pay month by month; months where the pay is below the floor are highlighted and said so in words. */
export function PayFloorTable({ rows, payCents }: { rows: PayFloorRow[]; payCents: number | null }) {
  const below = payCents === null ? 0 : rows.filter((r) => payCents < r.floorCents).length;
  return (
    <>
      {payCents !== null && (
        below > 0
          ? <p className={fr.cx('fr-text--bold')} style={{ color: 'var(--text-default-error)' }}>
              Le salaire brut mensuel (<Money cents={payCents} />) est inférieur au minimum légal pendant {below} mois sur {rows.length} (lignes signalées).
            </p>
          : <p>Le salaire brut mensuel (<Money cents={payCents} />) respecte le minimum légal chaque mois.</p>
      )}
      <div className={fr.cx('fr-table', 'fr-table--no-caption') + ' parcours-list'}>
        <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label="Rémunération minimale mois par mois"><div className={fr.cx('fr-table__content')}>
          <table>
            <caption>Rémunération minimale mois par mois</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col">Âge retenu</th>
                <th scope="col">Tranche</th>
                <th scope="col" className="parcours-numeric">Part du SMIC</th>
                <th scope="col" className="parcours-numeric">SMIC mensuel</th>
                <th scope="col" className="parcours-numeric">Minimum de branche (85 %)</th>
                <th scope="col" className="parcours-numeric">Minimum applicable</th>
                {payCents !== null && <th scope="col">Salaire prévu</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const isBelow = payCents !== null && payCents < r.floorCents;
                return (
                  <tr key={r.month} className={isBelow ? 'parcours-below-floor' : undefined}>
                    <th scope="row">{monthText(r.month)}{r.from.slice(8) !== '01' || r.to < lastDay(r.month) ? <span className={fr.cx('fr-text--xs')}> (du <DateFr value={r.from} style="short" /> au <DateFr value={r.to} style="short" />)</span> : null}</th>
                    <td>{r.ageForPay} ans</td>
                    <td>{AGE_BAND_LABELS[r.ageBand]}{r.qualified ? ', niveau IV ou plus' : ''}</td>
                    <td className="parcours-numeric">{percentBp(r.smicShareBp)}</td>
                    <td className="parcours-numeric"><Money cents={r.smicMonthlyCents} /></td>
                    <td className="parcours-numeric"><Money cents={r.floorFromBranchCents} /></td>
                    <td className="parcours-numeric"><strong><Money cents={r.floorCents} /></strong></td>
                    {payCents !== null && (
                      <td>{isBelow
                        ? <StatusBadge label={`Inférieur de ${formatEurosShort(r.floorCents - payCents)}`} severity="error" />
                        : <StatusBadge label="Conforme" severity="success" />}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div></div></div>
      </div>
    </>
  );
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function formatEurosShort(cents: number): string {
  return (cents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' }).replace(/\u202f/g, '\u00a0');
}
