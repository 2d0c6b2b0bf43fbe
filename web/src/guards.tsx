import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useSession, type Capability } from './api/session.js';
import { ErrorAlert, Loading } from './components/feedback.js';
import { Page } from './components/Page.js';

/**
 * Anonymous users are sent to /connexion?retour=<current path>; the login page comes back here.
 *   <Route element={<RequireAuth><Outlet /></RequireAuth>}>…</Route>
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, error } = useSession();
  const location = useLocation();
  if (me === undefined) return <div className={fr.cx('fr-container')}><Loading label="Vérification de la session…" /></div>;
  if (me === null && error) return <div className={fr.cx('fr-container')}><ErrorAlert error={error} onRetry={() => window.location.reload()} /></div>;
  if (me === null) {
    const retour = location.pathname + location.search;
    return <Navigate to={retour === '/' ? '/connexion' : `/connexion?retour=${encodeURIComponent(retour)}`} replace />;
  }
  return <>{children}</>;
}

/**
 * Shows its children only to users with one of the capabilities; others get a French
 * explanation (the API refuses them anyway).
 *   <RequireCapability anyOf={['administerPlatform']}><UsersPage /></RequireCapability>
 */
export function RequireCapability({ anyOf, reason, children }: { anyOf: Capability[]; reason?: string; children: ReactNode }) {
  const { can, me } = useSession();
  if (anyOf.some(can)) return <>{children}</>;
  return (
    <Page title="Accès réservé">
      <div className={fr.cx('fr-alert', 'fr-alert--warning')}>
        <h2 className={fr.cx('fr-alert__title')}>Vous n’avez pas accès à cette page</h2>
        <p>
          Votre rôle ({me?.membership.roleLabel ?? 'inconnu'} pour {me?.membership.organisation.name ?? 'votre organisation'}) ne permet pas
          d’ouvrir cette page. Si vous pensez que c’est une erreur, contactez le secrétariat de la cellule.
        </p>
        {reason && <p>{reason}</p>}
      </div>
      <p className={fr.cx('fr-mt-3w')}><Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to="/">Retour à l’accueil</Link></p>
    </Page>
  );
}
