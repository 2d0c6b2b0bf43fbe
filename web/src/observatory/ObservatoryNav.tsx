import { NavLink } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';

export const OBSERVATORY = { label: 'Observatoire (Acte III)', to: '/observatoire' };

/** The observatory's views, as a row of links; the current one is marked for screen readers. */
export function ObservatoryNav() {
  const links = [
    { to: '/observatoire', label: 'Zones d’emploi', end: true },
    { to: '/observatoire/frontiere', label: 'Frontière suisse' },
    { to: '/observatoire/metiers-d-avenir', label: 'Métiers d’avenir' },
    { to: '/observatoire/alertes', label: 'Alertes' },
    { to: '/observatoire/import', label: 'Importer des données' },
  ];
  return (
    <nav aria-label="Vues de l’observatoire" className={fr.cx('fr-mb-4w')}>
      <ul className={fr.cx('fr-tags-group')}>
        {links.map((l) => (
          <li key={l.to}>
            {/* NavLink marks the current view with aria-current="page". */}
            <NavLink to={l.to} end={l.end} className={({ isActive }) => fr.cx('fr-tag') + (isActive ? ' parcours-tag-current' : '')}>{l.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
