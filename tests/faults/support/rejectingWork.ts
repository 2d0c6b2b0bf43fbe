/** A process whose background work rejects with nobody listening; it says whether it lived on. */
import { keepServingThroughUnhandledRejections } from '../../../src/server/faults.js';

if (process.env.PARCOURS_TEST_GUARD === '1') keepServingThroughUnhandledRejections();
setTimeout(() => { void Promise.reject(new Error('Génération du rapport interrompue')); }, 10);
setTimeout(() => { process.stdout.write('toujours là\n'); }, 200);
