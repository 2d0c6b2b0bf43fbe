import { fr } from '@codegouvfr/react-dsfr';
import type { TimelineEvent } from '../../components/Timeline.js';
import { Money } from '../../components/format.js';
import { monthText } from '../common.js';

interface Party { cappedCents: number; uncappedCents: number; totalCents: number }
interface OldAge { baseCents: number; ceilingCents: number; employer: Party; employee: Party }
export interface ScheduleRow {
  month: string; from: string; to: string; days: number; daysInMonth: number; fullTimeSalaryCents: number; ceilingCents: number;
  computation: {
    fullTimeSalaryCents: number; activityBp: number; payBp: number; paidSalaryCents: number; baseCents: number;
    onBase: OldAge; onPaidSalary: OldAge; supplement: { baseCents: number; employerCents: number; employeeCents: number };
    ordinaryPartTime: { paidSalaryCents: number; contributions: OldAge };
    extraCost: { salaryCents: number; employerContributionsCents: number; totalCents: number; totalWithEmployeeSupplementCents: number };
  };
  extraCostCents: number; aid: { regionCents: number; fpsppCents: number; totalCents: number };
}
export interface ScheduleTotals {
  paidSalaryCents: number; baseCents: number; employerContributionsCents: number; employeeContributionsCents: number;
  supplementEmployeeCents: number; supplementEmployerCents: number; extraCostCents: number; aidRegionCents: number; aidFpsppCents: number; aidTotalCents: number;
}
export interface Schedule { rows: ScheduleRow[]; totals: ScheduleTotals }
export interface Pair {
  id: number; reference: string; version: number; companyId: number; companyName: string | null;
  senior: { lastName: string; firstName: string; sex: 'F' | 'M'; birthDate: string; expectedRetirementDate: string };
  junior: { contractId: number; reference: string; lastName: string; firstName: string; contractType: string; reservedForPair: boolean; startDate: string; endDate: string };
  startDate: string; endDate: string; fullTimeSalaryCents: number; activityBp: number; payBp: number; writtenAgreement: boolean; employerPaysEmployeeSupplement: boolean;
  issues: { code: string; field: string; message: string; severity: string }[]; schedule: Schedule; canEdit: boolean; history: TimelineEvent[];
}

/** One full month in words: the figures of the worked example (198,00 € / 135,00 € / 27,00 €). */
export function MonthSummary({ row }: { row: ScheduleRow }) {
  const c = row.computation;
  return (
    <div className="parcours-acte2-worked">
      <h3 id="mois-type" className={fr.cx('fr-h6', 'fr-mb-1w')}>Mois de {monthText(row.month)}</h3>
      <ul className={fr.cx('fr-mb-0')}>
        <li>Salaire versé : <strong><Money cents={c.paidSalaryCents} /></strong> pour un salaire à temps plein de <Money cents={c.fullTimeSalaryCents} /> ; assiette des cotisations vieillesse : <Money cents={c.baseCents} /> (plafond <Money cents={row.ceilingCents} />).</li>
        <li>Cotisations vieillesse employeur sur l’assiette temps plein : <strong><Money cents={c.onBase.employer.totalCents} /></strong> (contre <Money cents={c.onPaidSalary.employer.totalCents} /> sur le salaire versé).</li>
        <li>Cotisations vieillesse salarié : <strong><Money cents={c.onBase.employee.totalCents} /></strong>, dont <strong><Money cents={c.supplement.employeeCents} /></strong> sur le supplément de <Money cents={c.supplement.baseCents} />.</li>
        <li>Surcoût par rapport à un temps partiel ordinaire : <strong><Money cents={row.extraCostCents} /></strong> ; aides : <Money cents={row.aid.totalCents} />.</li>
      </ul>
    </div>
  );
}

/** The pair month by month, with totals. */
export function ScheduleTable({ schedule, caption = 'Échéancier mensuel du senior' }: { schedule: Schedule; caption?: string }) {
  const t = schedule.totals;
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered') + ' parcours-list'}>
      <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label={caption}><div className={fr.cx('fr-table__content')}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Mois</th>
              <th scope="col" className="parcours-numeric">Salaire versé</th>
              <th scope="col" className="parcours-numeric">Assiette temps plein</th>
              <th scope="col" className="parcours-numeric">Cotisations vieillesse employeur</th>
              <th scope="col" className="parcours-numeric">Cotisations vieillesse salarié</th>
              <th scope="col" className="parcours-numeric">Dont salarié sur le supplément</th>
              <th scope="col" className="parcours-numeric">Surcoût vs temps partiel ordinaire</th>
              <th scope="col" className="parcours-numeric">Aide Région</th>
              <th scope="col" className="parcours-numeric">Aide FPSPP</th>
            </tr>
          </thead>
          <tbody>
            {schedule.rows.map((r) => (
              <tr key={r.month}>
                <th scope="row">{monthText(r.month)}{r.days < r.daysInMonth && <span className={fr.cx('fr-text--xs')}> ({r.days} j sur {r.daysInMonth})</span>}</th>
                <td className="parcours-numeric"><Money cents={r.computation.paidSalaryCents} /></td>
                <td className="parcours-numeric"><Money cents={r.computation.baseCents} /></td>
                <td className="parcours-numeric"><Money cents={r.computation.onBase.employer.totalCents} /></td>
                <td className="parcours-numeric"><Money cents={r.computation.onBase.employee.totalCents} /></td>
                <td className="parcours-numeric"><Money cents={r.computation.supplement.employeeCents} /></td>
                <td className="parcours-numeric"><Money cents={r.extraCostCents} /></td>
                <td className="parcours-numeric"><Money cents={r.aid.regionCents} /></td>
                <td className="parcours-numeric"><Money cents={r.aid.fpsppCents} /></td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td className="parcours-numeric"><strong><Money cents={t.paidSalaryCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.baseCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.employerContributionsCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.employeeContributionsCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.supplementEmployeeCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.extraCostCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.aidRegionCents} /></strong></td>
              <td className="parcours-numeric"><strong><Money cents={t.aidFpsppCents} /></strong></td>
            </tr>
          </tbody>
        </table>
      </div></div></div>
    </div>
  );
}

/** Simulation result: the first full month in words, then the table. */
export function ScheduleView({ schedule }: { schedule: Schedule }) {
  const full = schedule.rows.find((r) => r.days === r.daysInMonth) ?? schedule.rows[0];
  return (
    <>
      {full && <MonthSummary row={full} />}
      <ScheduleTable schedule={schedule} />
    </>
  );
}
