import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Page } from '../components/Page.js';
import { useSession } from '../api/session.js';
import { visibleSections } from '../sections.js';

export function AccessibilityPage() {
  return (
    <Page title="Déclaration d’accessibilité" breadcrumb={[]} size="narrow">
      <p>Parcours s’engage à rendre son service accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
      <h2>État de conformité</h2>
      <p>Parcours est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA). Chaque page est contrôlée automatiquement (axe-core) à chaque livraison ; un audit complet reste à conduire.</p>
      <h2>Retour d’information et contact</h2>
      <p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le secrétariat de la cellule opérationnelle pour être orienté vers une alternative accessible.</p>
    </Page>
  );
}

export function LegalPage() {
  return (
    <Page title="Mentions légales" breadcrumb={[]} size="narrow">
      <p>Parcours est un service public numérique de sécurisation des parcours professionnels, opéré pour les partenaires de la cellule opérationnelle.</p>
      <h2>Données personnelles</h2>
      <p>Les données saisies servent exclusivement à l’instruction et au suivi des demandes de financement et au pilotage agrégé des mesures.</p>
    </Page>
  );
}

export function SitemapPage() {
  const { me, can } = useSession();
  return (
    <Page title="Plan du site" breadcrumb={[]} size="narrow">
      <ul>
        <li><Link to="/">Accueil</Link></li>
        {!me && <li><Link to="/connexion">Connexion</Link></li>}
        {me && <li><Link to="/compte">Mon compte</Link></li>}
        {visibleSections(can).map((s) => (
          <li key={s.key}>
            {s.children ? s.label : <Link to={s.path}>{s.label}</Link>}
            {s.children && <ul>{s.children.map((c) => <li key={c.path}><Link to={c.path}>{c.label}</Link></li>)}</ul>}
          </li>
        ))}
        <li><Link to="/accessibilite">Accessibilité</Link></li>
        <li><Link to="/mentions-legales">Mentions légales</Link></li>
      </ul>
      <p className={fr.cx('fr-text--sm')}>Les rubriques affichées dépendent de votre rôle.</p>
    </Page>
  );
}
