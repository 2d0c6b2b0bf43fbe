import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { RequestsPage } from './RequestsPage.js';
import { RequestFormPage } from './RequestFormPage.js';
import { RequestDetailPage } from './RequestDetailPage.js';
import { SessionsPage } from './SessionsPage.js';
import { SessionPage } from './SessionPage.js';

const readers = ['fileRequests', 'instruct', 'runCell', 'readFiles'] as const;
const cell = ['runCell', 'instruct'] as const;

/** The weekly cell's pages, placed by routes.tsx inside the authenticated block. */
export function weeklyCellRoutes() {
  return [
    <Route key="demandes" path="/demandes" element={<RequireCapability anyOf={[...readers]}><RequestsPage /></RequireCapability>} />,
    <Route key="demandes-nouvelle" path="/demandes/nouvelle" element={<RequireCapability anyOf={['fileRequests']}><RequestFormPage /></RequireCapability>} />,
    <Route key="demandes-modifier" path="/demandes/:id/modifier" element={<RequireCapability anyOf={['fileRequests']}><RequestFormPage /></RequireCapability>} />,
    <Route key="demandes-detail" path="/demandes/:id" element={<RequireCapability anyOf={[...readers]}><RequestDetailPage /></RequireCapability>} />,
    <Route key="seances" path="/cellule/seances" element={<RequireCapability anyOf={[...cell]}><SessionsPage /></RequireCapability>} />,
    <Route key="seance" path="/cellule/seances/:id" element={<RequireCapability anyOf={[...cell]}><SessionPage /></RequireCapability>} />,
  ];
}
