// The web app is built once per version of its sources: the build records a fingerprint of
// what it was built from (web/, the src/ files the pages share with the server — read as a
// whole, since the pages import rules and schemas from many modules — vite.config.ts and the
// locked dependencies) and is redone only when that changes. Shared by `npm install`
// (postinstall) and `npm start`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stampFile = path.join(root, 'dist/web/.build-fingerprint');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

export function webFingerprint() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(path.join(root, 'web')), ...files(path.join(root, 'src')).filter((f) => !f.endsWith('.test.ts')),
    path.join(root, 'vite.config.ts'), path.join(root, 'package-lock.json'),
  ].sort();
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent() {
  return fs.existsSync(path.join(root, 'dist/web/index.html')) && fs.existsSync(stampFile)
    && fs.readFileSync(stampFile, 'utf8').trim() === webFingerprint();
}

/** Builds when needed; says so and how long it took. Returns the exit status. */
export function buildWebIfNeeded(reason) {
  if (webBuildIsCurrent()) return 0;
  const fingerprint = webFingerprint();
  console.log(`Construction de l’application web (${reason}) : une seule fois pour cette version, environ une minute…`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  fs.writeFileSync(stampFile, `${fingerprint}\n`);
  console.log(`Application web construite en ${Math.round((Date.now() - started) / 1000)} s ; les démarrages suivants ne la reconstruisent pas.`);
  return 0;
}
