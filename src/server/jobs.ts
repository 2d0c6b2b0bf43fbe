import { registerSessionDocumentsJob } from '../weeklyCell/sessions/sessionDocuments.js';
import { registerSteeringReportJob } from '../steering/steeringRoutes.js';
import { registerSteeringRefreshJob } from '../steering/snapshots.js';
import { registerImportJob } from '../weeklyCell/import/importJob.js';
import { registerActeIIImportJobs } from '../acteII/importRegistrations.js';
import { labelJobKinds } from '../platform/outbox/jobs.js';
import { registerObservatoryJobs } from '../observatory/index.js';
import { registerDigestJob } from '../platform/notifications/digest.js';
import { registerRemindersJob } from '../weeklyCell/reminders.js';
import { registerDocumentSweepJob } from '../weeklyCell/documentSweep.js';

/** Registers every background job handler; imported once by the server and by tests. */
export function registerJobs(): void {
  registerSessionDocumentsJob();
  registerSteeringReportJob();
  registerSteeringRefreshJob();
  registerImportJob();
  registerActeIIImportJobs();
  registerRemindersJob();
  registerDocumentSweepJob();
  registerDigestJob();
  labelJobKinds({
    'cell.sessionDocuments': 'Documents de séance (procès-verbal, courriers)',
    'steering.report': 'Rapport de pilotage',
    'steering.refresh': 'Mise à jour des vues de pilotage',
    'import.fundingRequests': 'Import de demandes',
    'import.proContracts': 'Import de contrats de professionnalisation',
    'import.tempPathways': 'Import de parcours intérimaires',
    'import.pairs': 'Import de binômes',
    'reminders.send': 'Rappels d’échéance (avis, compléments)',
    'documents.sweep': 'Nettoyage des fichiers qu’aucune pièce ne nomme',
    'notifications.digest': 'Récapitulatif quotidien des notifications',
  });
  registerObservatoryJobs();
}
