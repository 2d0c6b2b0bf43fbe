import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web app lives in web/ and is built to dist/web, which the server serves with an
 * SPA fallback (src/platform/http/app.ts). In development, `npm run dev:web` serves it
 * on :5173 and forwards /api to the server on :3000 (`npm run dev`).
 * Everything (DSFR fonts, icons, scripts) is bundled from node_modules: no CDN, no inline script.
 */
export default defineConfig({
  root: path.join(here, 'web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // DSFR fonts and icons must be files, not data: URLs (both work under the CSP; files cache better).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
    fs: { allow: [here] },
  },
});
