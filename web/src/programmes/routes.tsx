import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { ProgrammesPage } from './ProgrammesPage.js';
import { ProgrammePage } from './ProgrammePage.js';
import { ProgrammeFormPage } from './ProgrammeFormPage.js';
import { ReportPage } from './ReportPage.js';

const admin = ['administerPlatform'] as const;
/**
 * The configuration is readable by every signed-in user (the API's rule: GET needs a
 * session only) and the report is an aggregate (readAggregates, which every role has):
 * readers and social partners open them; administrators edit.
 */
const everyone = ['readAggregates'] as const;

/** The programmes pages, placed by routes.tsx inside the authenticated block. */
export function programmesRoutes() {
  return [
    <Route key="programmes" path="/programmes" element={<RequireCapability anyOf={[...everyone]}><ProgrammesPage /></RequireCapability>} />,
    <Route key="programmes-nouveau" path="/programmes/nouveau" element={<RequireCapability anyOf={[...admin]}><ProgrammeFormPage /></RequireCapability>} />,
    <Route key="programme-modifier" path="/programmes/:id/modifier" element={<RequireCapability anyOf={[...admin]}><ProgrammeFormPage /></RequireCapability>} />,
    <Route key="programme-rapport" path="/programmes/:id/rapport" element={<RequireCapability anyOf={[...everyone]}><ReportPage /></RequireCapability>} />,
    <Route key="programme" path="/programmes/:id" element={<RequireCapability anyOf={[...everyone]}><ProgrammePage /></RequireCapability>} />,
  ];
}
