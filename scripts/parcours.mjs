#!/usr/bin/env node
// `npx parcours <commande>`: the operations command line (src/operations/cli.ts) through tsx,
// in the caller's folder so that the files it names are where the caller means.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/operations/cli.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
