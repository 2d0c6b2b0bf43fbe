import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { ActeIIPage } from './ActeIIPage.js';
import { ContractsPage, FollowUpsPage } from './proContracts/ContractsPage.js';
import { ContractFormPage } from './proContracts/ContractFormPage.js';
import { ContractDetailPage } from './proContracts/ContractDetailPage.js';
import { ContractImportPage } from './proContracts/ContractImportPage.js';
import { PathwaysPage } from './tempPathways/PathwaysPage.js';
import { PathwayFormPage } from './tempPathways/PathwayFormPage.js';
import { PathwayDetailPage } from './tempPathways/PathwayDetailPage.js';
import { PathwayImportPage } from './tempPathways/PathwayImportPage.js';
import { PairsPage } from './pairs/PairsPage.js';
import { PairSimulationPage } from './pairs/PairSimulationPage.js';
import { PairFormPage } from './pairs/PairFormPage.js';
import { PairDetailPage } from './pairs/PairDetailPage.js';
import { PairImportPage } from './pairs/PairImportPage.js';

/** Counters are open to every signed-in user; pages check the finer rights (lists, writing) themselves, like the API. */
const all = (element: React.ReactNode) => <RequireCapability anyOf={['readAggregates']}>{element}</RequireCapability>;
const files = (element: React.ReactNode) => <RequireCapability anyOf={['readFiles']}>{element}</RequireCapability>;

/** Acte II pages, placed by routes.tsx inside the authenticated block. */
export function acteIIRoutes() {
  return [
    <Route key="acte2" path="/acte-ii" element={all(<ActeIIPage />)} />,
    <Route key="acte2-contrats" path="/acte-ii/contrats" element={all(<ContractsPage />)} />,
    <Route key="acte2-suivis" path="/acte-ii/contrats/suivis" element={files(<FollowUpsPage />)} />,
    <Route key="acte2-contrat-nouveau" path="/acte-ii/contrats/nouveau" element={files(<ContractFormPage />)} />,
    <Route key="acte2-contrat-import" path="/acte-ii/contrats/import" element={files(<ContractImportPage />)} />,
    <Route key="acte2-contrat-modifier" path="/acte-ii/contrats/:id/modifier" element={files(<ContractFormPage />)} />,
    <Route key="acte2-contrat" path="/acte-ii/contrats/:id" element={files(<ContractDetailPage />)} />,
    <Route key="acte2-parcours" path="/acte-ii/parcours" element={all(<PathwaysPage />)} />,
    <Route key="acte2-parcours-nouveau" path="/acte-ii/parcours/nouveau" element={files(<PathwayFormPage />)} />,
    <Route key="acte2-parcours-import" path="/acte-ii/parcours/import" element={files(<PathwayImportPage />)} />,
    <Route key="acte2-parcours-modifier" path="/acte-ii/parcours/:id/modifier" element={files(<PathwayFormPage />)} />,
    <Route key="acte2-parcours-detail" path="/acte-ii/parcours/:id" element={files(<PathwayDetailPage />)} />,
    <Route key="acte2-binomes" path="/acte-ii/binomes" element={all(<PairsPage />)} />,
    <Route key="acte2-binomes-simulation" path="/acte-ii/binomes/simulation" element={all(<PairSimulationPage />)} />,
    <Route key="acte2-binomes-nouveau" path="/acte-ii/binomes/nouveau" element={files(<PairFormPage />)} />,
    <Route key="acte2-binomes-import" path="/acte-ii/binomes/import" element={files(<PairImportPage />)} />,
    <Route key="acte2-binomes-modifier" path="/acte-ii/binomes/:id/modifier" element={files(<PairFormPage />)} />,
    <Route key="acte2-binome" path="/acte-ii/binomes/:id" element={files(<PairDetailPage />)} />,
  ];
}
