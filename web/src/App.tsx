import { useLocation, useNavigate } from 'react-router';
import { Header } from '@codegouvfr/react-dsfr/Header/index.js';
import { Footer } from '@codegouvfr/react-dsfr/Footer.js';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks.js';
import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation/index.js';
import { useSession } from './api/session.js';
import { visibleSections } from './sections.js';
import { setFlash } from './components/feedback.js';
import { AppRoutes } from './routes.js';
import { useUnreadCount } from './worklist/unread.js';

const brandTop = <>République<br />Française</>;

/** The page frame: skip links, DSFR header with the navigation allowed to the user, content, footer. */
export function App() {
  const session = useSession();
  const { me, can } = session;
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount(Boolean(me), location.pathname);

  const isActive = (path: string) => location.pathname === path || location.pathname.startsWith(path + '/');
  const navigation: MainNavigationProps.Item[] = me
    ? [
        { text: 'Accueil', linkProps: { to: '/' }, isActive: location.pathname === '/' },
        ...visibleSections(can).map((s): MainNavigationProps.Item => s.children
          ? { text: s.label, isActive: isActive(s.path), menuLinks: s.children.map((c) => ({ text: c.label, linkProps: { to: c.path }, isActive: isActive(c.path) })) }
          : { text: s.label, linkProps: { to: s.path }, isActive: isActive(s.path) }),
      ]
    : [];

  const logout = async () => {
    setFlash('Vous êtes déconnecté(e).');
    await session.logout();
    navigate('/connexion', { replace: true });
  };

  return (
    <div className="parcours-app">
      <SkipLinks links={[
        { label: 'Contenu', anchor: '#contenu' },
        ...(navigation.length ? [{ label: 'Menu', anchor: '#fr-header-main-navigation' }] : []),
        { label: 'Pied de page', anchor: '#fr-footer' },
      ]} />
      <Header
        id="fr-header"
        brandTop={brandTop}
        serviceTitle="Parcours"
        serviceTagline="Sécuriser les parcours professionnels"
        homeLinkProps={{ to: '/', title: 'Accueil — Parcours' }}
        navigation={navigation.length ? navigation : undefined}
        quickAccessItems={me
          ? [
              {
                iconId: 'fr-icon-notification-3-line',
                text: unread === undefined ? 'Notifications' : `Notifications (${unread})`,
                linkProps: {
                  to: '/notifications',
                  title: unread === undefined ? 'Notifications' : unread === 0 ? 'Notifications : aucune non lue' : `Notifications : ${unread} non lue${unread > 1 ? 's' : ''}`,
                  'aria-label': unread === undefined ? 'Notifications' : unread === 0 ? 'Notifications : aucune non lue' : `Notifications : ${unread} non lue${unread > 1 ? 's' : ''}`,
                } as never,
              },
              {
                iconId: 'fr-icon-account-circle-line',
                text: `${me.user.displayName} — ${me.membership.organisation.name}`,
                linkProps: { to: '/compte', title: me.memberships.length > 1 ? 'Mon compte et changement d’organisation' : 'Mon compte' },
              },
              { iconId: 'fr-icon-logout-box-r-line', text: 'Se déconnecter', buttonProps: { type: 'button', onClick: () => { void logout(); } } },
            ]
          : [{ iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { to: '/connexion' } }]}
      />
      <main id="contenu" tabIndex={-1} role="main">
        <AppRoutes />
      </main>
      <Footer
        id="fr-footer"
        brandTop={brandTop}
        homeLinkProps={{ to: '/', title: 'Accueil — Parcours' }}
        accessibility="partially compliant"
        accessibilityLinkProps={{ to: '/accessibilite' }}
        contentDescription="Parcours accompagne la cellule opérationnelle hebdomadaire et ses partenaires : dépôt et instruction des demandes de financement, décisions, suivi des engagements et pilotage des mesures de sécurisation des parcours professionnels."
        termsLinkProps={{ to: '/mentions-legales' }}
        websiteMapLinkProps={{ to: '/plan-du-site' }}
        bottomItems={[]}
      />
    </div>
  );
}
