// The server is bundled once per version into dist/server/main.mjs (esbuild, packages left
// in node_modules): a restart then loads one file instead of transpiling some 250 TypeScript
// modules through tsx, which is most of its start-up (a few seconds of CPU, far more on a
// busy machine). Each module keeps its own import.meta.url, so the data files it reads
// beside itself (reference nomenclatures…) are found where they are in src/.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { files, root } from './webBuild.mjs';

export const SERVER_BUNDLE = path.join(root, 'dist/server/main.mjs');
// Worker threads' entries, bundled beside main.mjs under their own name (`pdfWorker.mjs`), where
// src/platform/workers/workerPool.ts looks for them when it runs from the bundle.
const WORKER_ENTRIES = ['src/platform/documents/pdfWorker.ts', 'src/steering/viewWorker.ts'];
const fingerprintFile = path.join(root, 'dist/server/.build-fingerprint');

export function serverFingerprint() {
  const hash = createHash('sha256');
  const inputs = [...files(path.join(root, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')), path.join(root, 'package-lock.json'), path.join(root, 'scripts/serverBuild.mjs')].sort();
  for (const file of inputs) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** Bundles the server when this version has not been bundled yet; returns the bundle's path. */
export async function buildServerIfNeeded() {
  const fingerprint = serverFingerprint();
  if (fs.existsSync(SERVER_BUNDLE) && fs.existsSync(fingerprintFile) && fs.readFileSync(fingerprintFile, 'utf8').trim() === fingerprint) return SERVER_BUNDLE;
  const started = Date.now();
  await build({
    entryPoints: [path.join(root, 'src/server/main.ts'), ...WORKER_ENTRIES.map((entry) => path.join(root, entry))],
    outdir: path.dirname(SERVER_BUNDLE), outExtension: { '.js': '.mjs' }, entryNames: '[name]', bundle: true, platform: 'node', format: 'esm',
    target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning', plugins: [ownUrl],
  });
  fs.writeFileSync(fingerprintFile, `${fingerprint}\n`);
  console.log(`Serveur préparé pour cette version en ${((Date.now() - started) / 1000).toFixed(1)} s (dist/server/main.mjs).`);
  return SERVER_BUNDLE;
}
