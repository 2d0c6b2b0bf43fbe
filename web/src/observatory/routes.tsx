import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { ObservatoryPage } from './ObservatoryPage.js';
import { AreaPage } from './AreaPage.js';
import { BorderPage } from './BorderPage.js';
import { WatchlistPage } from './WatchlistPage.js';
import { AlertsPage } from './AlertsPage.js';
import { ObservatoryImportPage } from './ObservatoryImportPage.js';

const REASON = 'L’observatoire est réservé aux partenaires, au secrétariat de la cellule et à la conférence plénière, comme le pilotage.';
const guard = (element: React.ReactNode) => <RequireCapability anyOf={['readSteering']} reason={REASON}>{element}</RequireCapability>;

/** /observatoire: the Acte III observatory, read by the same people as the steering. */
export function observatoryRoutes() {
  return [
    <Route key="obs" path="/observatoire" element={guard(<ObservatoryPage />)} />,
    <Route key="obs-area" path="/observatoire/zones/:area" element={guard(<AreaPage view="tension" />)} />,
    <Route key="obs-paradox" path="/observatoire/zones/:area/paradoxe" element={guard(<AreaPage view="paradox" />)} />,
    <Route key="obs-ways" path="/observatoire/zones/:area/sorties-auto" element={guard(<AreaPage view="waysOut" />)} />,
    <Route key="obs-diag" path="/observatoire/zones/:area/diagnostic" element={guard(<AreaPage view="diagnostic" />)} />,
    <Route key="obs-border" path="/observatoire/frontiere" element={guard(<BorderPage />)} />,
    <Route key="obs-watch" path="/observatoire/metiers-d-avenir" element={guard(<WatchlistPage />)} />,
    <Route key="obs-alerts" path="/observatoire/alertes" element={guard(<AlertsPage />)} />,
    <Route key="obs-import" path="/observatoire/import" element={guard(<ObservatoryImportPage />)} />,
  ];
}
