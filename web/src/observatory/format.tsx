import { fr } from '@codegouvfr/react-dsfr';
import type { Count } from '../../../src/observatory/views.js';
import { formatNumber } from '../components/format.js';

/** Figures of the observatory: a secret BMO count is shown as « secret », never as a number. */
export function CountCell({ count }: { count: Count | null }) {
  if (count === null) return <>—</>;
  if (count.masked) return <abbr className="parcours-secret" title="valeur couverte par le secret statistique (« * » dans le fichier publié)">secret</abbr>;
  return <>{formatNumber(count.value ?? 0)}</>;
}

/** A small count of people from the partnership's records, hidden below the threshold. */
export function PeopleCell({ count }: { count: Count }) {
  if (count.masked) return <abbr className="parcours-secret" title="secret statistique : moins de 5 personnes">&lt; 5</abbr>;
  return <>{formatNumber(count.value ?? 0)}</>;
}

export const tensionText = (n: number | null) => (n === null ? '—' : n.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\u202f/g, '\u00a0'));
export const percentText = (bp: number | null) => (bp === null ? '—' : `${Math.round(bp / 100)}\u00a0%`);
export const numberText = (n: number | null) => (n === null ? '—' : formatNumber(n));

export function SyntheticBadge({ synthetic }: { synthetic: boolean }) {
  if (!synthetic) return null;
  return (
    <div className={fr.cx('fr-notice', 'fr-notice--info', 'fr-mb-3w')}>
      <div className={fr.cx('fr-container')}>
        <div className={fr.cx('fr-notice__body')}>
          <p className={fr.cx('fr-notice__title')}>
            <span className={fr.cx('fr-badge', 'fr-badge--info', 'fr-badge--no-icon', 'fr-mr-1w')}>données synthétiques</span>
            Les chiffres affichés viennent du jeu de démonstration, généré dans les formats officiels : ce ne sont pas des chiffres publiés.
          </p>
        </div>
      </div>
    </div>
  );
}

export function FactorBadge({ value, label }: { value: number | null; label: string }) {
  if (value === null) return <span title={`${label} : non calculé`}>—</span>;
  return <span className={fr.cx('fr-badge', 'fr-badge--sm', 'fr-badge--no-icon', value >= 4 ? 'fr-badge--warning' : 'fr-badge--info')} title={`${label} : ${value} sur 5`}>{value}/5</span>;
}
