import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { ImportPage } from './ImportPage.js';

/** The import pages, placed by routes.tsx inside the authenticated block (same capabilities as the API). */
export function importRoutes() {
  return [
    <Route key="import" path="/import" element={<RequireCapability anyOf={['runCell', 'administerPlatform']}><ImportPage /></RequireCapability>} />,
  ];
}
