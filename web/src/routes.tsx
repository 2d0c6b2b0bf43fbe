import { Outlet, Route, Routes } from 'react-router';
import { RequireAuth, RequireCapability } from './guards.js';
import { LoginPage } from './pages/LoginPage.js';
import { HomePage } from './pages/HomePage.js';
import { AccountPage } from './pages/AccountPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { AccessibilityPage, LegalPage, SitemapPage } from './pages/InfoPages.js';
import { SectionPlaceholder } from './pages/SectionPlaceholder.js';
import { OrganisationsPage } from './pages/admin/OrganisationsPage.js';
import { OrganisationFormPage } from './pages/admin/OrganisationFormPage.js';
import { UsersPage } from './pages/admin/UsersPage.js';
import { UserCreatePage } from './pages/admin/UserCreatePage.js';
import { UserDetailPage } from './pages/admin/UserDetailPage.js';
import { JobsPage } from './pages/admin/JobsPage.js';
import { EmailsPage } from './pages/admin/EmailsPage.js';
import { IdccFundsPage } from './pages/admin/IdccFundsPage.js';
import { SECTIONS } from './sections.js';
import { NotificationsPage } from './worklist/NotificationsPage.js';
import { weeklyCellRoutes } from './weeklyCell/routes.js';
import { programmesRoutes } from './programmes/routes.js';
import { importRoutes } from './import/routes.js';
import { steeringRoutes } from './steering/routes.js';
import { acteIIRoutes } from './acteII/routes.js';
import { observatoryRoutes } from './observatory/routes.js';

const admin = (element: React.ReactNode) => <RequireCapability anyOf={['administerPlatform']}>{element}</RequireCapability>;

/**
 * All client-side routes. Pages of a section go inside the authenticated block,
 * wrapped in <RequireCapability> when only some users may open them. Replace a
 * section's placeholder by its pages when they exist.
 */
export function AppRoutes() {
  const built = new Set(['admin', 'requests', 'cell', 'programmes', 'import', 'steering', 'acteII', 'observatory']);
  return (
    <Routes>
      <Route path="/connexion" element={<LoginPage />} />
      <Route path="/accessibilite" element={<AccessibilityPage />} />
      <Route path="/mentions-legales" element={<LegalPage />} />
      <Route path="/plan-du-site" element={<SitemapPage />} />
      <Route element={<RequireAuth><Outlet /></RequireAuth>}>
        <Route path="/" element={<HomePage />} />
        <Route path="/compte" element={<AccountPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />

        <Route path="/administration" element={admin(<OrganisationsPage />)} />
        <Route path="/administration/organisations" element={admin(<OrganisationsPage />)} />
        <Route path="/administration/organisations/nouvelle" element={admin(<OrganisationFormPage />)} />
        <Route path="/administration/organisations/:id" element={admin(<OrganisationFormPage />)} />
        <Route path="/administration/utilisateurs" element={admin(<UsersPage />)} />
        <Route path="/administration/utilisateurs/nouveau" element={admin(<UserCreatePage />)} />
        <Route path="/administration/utilisateurs/:id" element={admin(<UserDetailPage />)} />
        <Route path="/administration/taches" element={admin(<JobsPage />)} />
        <Route path="/administration/courriels" element={admin(<EmailsPage />)} />
        <Route path="/administration/referentiels/idcc" element={admin(<IdccFundsPage />)} />

        {weeklyCellRoutes()}
        {programmesRoutes()}
        {importRoutes()}
        {steeringRoutes()}
        {acteIIRoutes()}
        {observatoryRoutes()}

        {SECTIONS.filter((s) => !built.has(s.key)).map((s) => (
          <Route key={s.key} path={`${s.path}/*`} element={<RequireCapability anyOf={s.anyOf}><SectionPlaceholder section={s} /></RequireCapability>} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
