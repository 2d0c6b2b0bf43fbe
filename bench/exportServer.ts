import { buildApp } from '../src/platform/http/app.js';
import { routeModules } from '../src/server/modules.js';
import { registerJobs } from '../src/server/jobs.js';
import { openBench, type Target } from './db.js';
import { benchContext } from './setup.js';

/**
 * The app alone in its own process, on a bench database, started with the server's Node
 * flags (scripts/serverFlags.mjs) by measure.ts: the export's peak memory is then read from
 * this process only, not from the process that also generates load and reads the response.
 * Prints its port on stdout; stops when its parent closes stdin.
 */
const target = JSON.parse(process.argv[2]) as Target;
const bench = await openBench(target);
registerJobs();
const app = await buildApp(benchContext(bench), routeModules);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('adresse du serveur inconnue');
process.stdout.write(`PORT ${address.port}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await bench.close();
  process.exit(0);
});
