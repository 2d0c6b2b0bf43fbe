// Starts Parcours: builds what this version has not built yet — the web app (normally done
// at install, about a minute) and the server bundle (a second) — then runs the server.
import { spawn } from 'node:child_process';
import { serverNodeFlags } from './serverFlags.mjs';
import { buildWebIfNeeded, root } from './webBuild.mjs';
import { buildServerIfNeeded } from './serverBuild.mjs';

const status = buildWebIfNeeded('premier démarrage de cette version');
if (status !== 0) process.exit(status);
const bundle = await buildServerIfNeeded();

const server = spawn(process.execPath, [...serverNodeFlags(), '--enable-source-maps', bundle], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
