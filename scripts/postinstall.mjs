// `npm install` builds this version's web app and server bundle, so that the first
// `npm start` starts at once. PARCOURS_SKIP_BUILD=1 skips it (an install for the tests only).
import { buildWebIfNeeded } from './webBuild.mjs';
import { buildServerIfNeeded } from './serverBuild.mjs';

if (process.env.PARCOURS_SKIP_BUILD === '1') process.exit(0);
const status = buildWebIfNeeded('installation');
if (status !== 0) process.exit(status);
await buildServerIfNeeded();
