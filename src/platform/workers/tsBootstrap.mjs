// A worker started from TypeScript sources (tests, `npm run dev`): Node cannot load a `.ts` entry
// by itself, and `--import tsx` in a worker's execArgv registers the loader too late for its
// entry, so this plain module registers tsx's loader in the worker, then imports the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
