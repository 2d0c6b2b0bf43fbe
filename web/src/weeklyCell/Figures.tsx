import { fr } from '@codegouvfr/react-dsfr';
import { formatNumber, Money } from '../components/format.js';
import './weeklyCell.css';

/** The request's computed totals (src/weeklyCell/totals.ts), as a row of key figures. */
export function Totals({ totals, title = 'Totaux de la demande' }: { totals: { traineeCount: number; trainingHours: number; teachingCostCents: number; payCostCents: number; totalCostCents: number }; title?: string }) {
  return (
    <section className={fr.cx('fr-mt-4w')} aria-label={title}>
      <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>{title}</h3>
      <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Calculés à partir des actions : coût des salaires = salaire horaire × heures-stagiaires.</p>
      <dl className="parcours-figures" aria-live="polite">
        <div><dt>Stagiaires</dt><dd>{formatNumber(totals.traineeCount)}</dd></div>
        <div><dt>Heures-stagiaires</dt><dd>{formatNumber(totals.trainingHours)}</dd></div>
        <div><dt>Coût pédagogique</dt><dd><Money cents={totals.teachingCostCents} /></dd></div>
        <div><dt>Coût des salaires</dt><dd><Money cents={totals.payCostCents} /></dd></div>
        <div><dt>Coût total</dt><dd><strong><Money cents={totals.totalCostCents} /></strong></dd></div>
      </dl>
    </section>
  );
}
