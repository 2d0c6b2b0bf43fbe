import { Route } from 'react-router';
import { RequireCapability } from '../guards.js';
import { SteeringPage } from './SteeringPage.js';

/** /pilotage: aggregates only; the API refuses companies, the page shows its message. */
export function steeringRoutes() {
  return <Route key="steering" path="/pilotage" element={<RequireCapability anyOf={['readSteering']} reason="Le pilotage est réservé aux partenaires, au secrétariat de la cellule et à la conférence plénière : les entreprises suivent leurs propres dossiers dans « Demandes »."><SteeringPage /></RequireCapability>} />;
}
