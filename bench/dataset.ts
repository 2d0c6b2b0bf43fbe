import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseKind } from '../src/platform/db/database.js';
import { BENCH_OUT, targetFor, type Target } from './db.js';
import { countsFor, type Counts, type GenerationReport } from './generate.js';
import { buildDataSet } from './setup.js';

/**
 * A generated data set is kept in bench/out (SQLite file, PostgreSQL schema bench_s<scale>)
 * with a note of what was generated, so `--reuse` can measure again without regenerating.
 */
export interface DataSet { kind: DatabaseKind; scale: number; target: Target; counts: Counts; generation: GenerationReport; generatedAt: string }

const tagFor = (scale: number, suffix = '') => `s${String(scale).replace('.', '_')}${suffix}`;
const notePath = (kind: DatabaseKind, tag: string) => path.join(BENCH_OUT, `dataset-${kind}-${tag}.json`);

export async function ensureDataSet(kind: DatabaseKind, scale: number, options: { reuse: boolean; counts?: Counts; suffix?: string; pgUrl?: string; log?: (line: string) => void }): Promise<DataSet> {
  const tag = tagFor(scale, options.suffix);
  const target = targetFor(kind, tag, options.pgUrl);
  const note = notePath(kind, tag);
  const counts = options.counts ?? countsFor(scale);
  if (options.reuse && fs.existsSync(note)) {
    const kept = JSON.parse(fs.readFileSync(note, 'utf8')) as DataSet;
    if (JSON.stringify(kept.counts) === JSON.stringify(counts)) { options.log?.(`  reusing ${kind} data set ${tag} generated ${kept.generatedAt}`); return kept; }
  }
  fs.rmSync(note, { force: true });
  const generation = await buildDataSet(target, counts, options.log);
  const dataSet: DataSet = { kind, scale, target, counts, generation, generatedAt: new Date().toISOString() };
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  fs.writeFileSync(note, JSON.stringify(dataSet, null, 2));
  return dataSet;
}
