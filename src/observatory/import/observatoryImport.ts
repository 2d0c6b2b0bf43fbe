import type { FastifyRequest } from 'fastify';
import type { Api, RouteModule } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import { invalid } from '../../platform/http/errors.js';
import type { FileImport } from '../../platform/imports/engine.js';
import { fileImportRoutes, registerFileImportJob, type FileImportFamily } from '../../platform/imports/jobAndRoutes.js';
import { plural } from '../../platform/imports/lineProblems.js';
import { requireActor } from '../../platform/identity/sessions.js';
import type { Actor } from '../../platform/identity/roles.js';
import { evaluateAlerts } from '../alerts.js';
import { assertMayImport, observatoryPolicy } from '../policy.js';
import { DATASET_KEYS, DATASETS, type Dataset, type DatasetKey } from './datasets.js';
import { resolveColumns } from './headers.js';

export const IMPORT_JOB = 'observatory.import';

/** A national BMO file is about 50,000 lines: room for it, not for anything bigger. */
export const MAX_LINES = 120_000;

const FORBIDDEN = 'd’importer les données de l’observatoire : c’est le rôle des administrateurs de la plateforme';

const maskedNote = (masked: number) => (masked ? ` ${plural(masked, 'valeur secrète (« * ») est gardée', 'valeurs secrètes (« * ») sont gardées')} comme secrètes, jamais comme zéro.` : '');

/**
 * A published data set as an instance of the one import engine: its columns found by every
 * header they carried, lines outside the territory skipped (and said), the records of one cell
 * combined, then what the file covers replaced under one `observatory_imports` row. An accepted
 * BMO or job-seekers file then runs the alert rules on the years it brought.
 */
export function datasetImport<R>(dataset: Dataset<R>, options: { synthetic?: boolean } = {}): FileImport<R, Actor | null> {
  return {
    job: IMPORT_JOB,
    noun: { ...dataset.noun, feminine: dataset.feminine ?? true },
    forbidden: FORBIDDEN,
    mayImport: observatoryPolicy.importData,
    maxLines: MAX_LINES,
    layout(headers, problems) {
      const { layout, missing } = resolveColumns(headers, dataset.columns);
      for (const column of missing) problems.add(1, column.label, `la colonne obligatoire « ${column.label} » est absente du fichier (${dataset.label}).`);
      return missing.length ? null : { columns: layout };
    },
    async check(_db, _actor, lines, problems, checked, _purpose, filename) {
      const kept: { line: number; record: R }[] = [];
      let outside = 0;
      for (const [i, { line, value }] of lines.entries()) {
        const record = dataset.record(value, line, filename, problems);
        if (record === 'outside') outside++;
        else if (record !== null) kept.push({ line, record });
        await checked(i + 1, lines.length);
      }
      const records = dataset.combine(kept, problems);
      if (problems.count === 0 && records.length === 0)
        problems.add(0, '', `aucune ligne ne concerne les zones d’emploi du territoire (${plural(outside, 'ligne', 'lignes')} hors territoire).`);
      if (outside) problems.warn(0, `${plural(outside, 'ligne concerne', 'lignes concernent')} d’autres territoires que les zones d’emploi de Franche-Comté : elles sont ignorées.`);
      return { rows: records, figures: { dataset: dataset.key, outside } };
    },
    describe(records) {
      const years = dataset.years(records);
      return { after: years.length ? ` (${years.join(', ')})` : '', note: maskedNote(dataset.masked(records)) };
    },
    async write(trx, actor, records, { at, filename, rowCount }) {
      const years = dataset.years(records);
      const masked = dataset.masked(records);
      const row = await trx.insertInto('observatoryImports').values({
        dataset: dataset.key, filename, years: years.join(','), rowCount, keptCount: records.length, maskedCount: masked,
        isSynthetic: options.synthetic ?? false, importedBy: actor?.userId ?? null, importedAt: at,
      }).returning('id').executeTakeFirstOrThrow();
      await dataset.write(trx, records, row.id);
      return { references: [], ids: [], summary: { importId: row.id, years, masked } };
    },
    async afterImport(ctx, result) {
      const alerts = dataset.key === 'bmo' || dataset.key === 'market' ? await evaluateAlerts(ctx, result.years as number[]) : 0;
      return { ...result, alerts, message: alerts ? `${result.message} ${alerts} alerte${alerts > 1 ? 's' : ''} ouverte${alerts > 1 ? 's' : ''}.` : result.message };
    },
  };
}

const IMPORTS = Object.fromEntries(DATASET_KEYS.map((key) => [key, datasetImport(DATASETS[key])])) as Record<DatasetKey, FileImport<unknown, Actor | null>>;

const family: FileImportFamily = {
  job: IMPORT_JOB, param: 'dataset', noun: { many: 'fichiers publiés' }, forbidden: FORBIDDEN, mayImport: observatoryPolicy.importData,
  of(key) {
    if (!(DATASET_KEYS as readonly string[]).includes(key)) throw invalid('dataset', `Jeu de données inconnu « ${key} ». Jeux : ${DATASET_KEYS.join(', ')}.`);
    return IMPORTS[key as DatasetKey];
  },
};

export const registerObservatoryImportJob = (): void => registerFileImportJob(family);

/** A header pattern as a person reads it: /^NOMBE\d{2}$/ is « NOMBE19 … NOMBE25 ». */
const aliasText = (a: string | RegExp) => (typeof a === 'string' ? a : ((p: string) => `${p.replace('\\d{2}', '19')} … ${p.replace('\\d{2}', '25')}`)(a.source.replace(/^\^|\$$/g, '')));

const tags = ['observatoire'];

export const observatoryImportRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const allowed = async (request: FastifyRequest) => assertMayImport(await requireActor(ctx, request));

  app.get('/api/observatory/datasets', { schema: { tags, summary: 'Jeux de données importables et leurs colonnes (en-têtes acceptés)' } }, async (request) => {
    await allowed(request);
    return DATASET_KEYS.map((key) => ({
      key, label: DATASETS[key].label,
      columns: DATASETS[key].columns.map((c) => ({ key: c.key, label: c.label, required: c.required, aliases: c.aliases.map(aliasText) })),
    }));
  });

  fileImportRoutes(family, '/api/observatory/imports', tags)(app, ctx);

  app.get('/api/observatory/imports', { schema: { tags, summary: 'Imports de données de l’observatoire (les plus récents d’abord)' } }, async (request) => {
    await allowed(request);
    return ctx.database.db.selectFrom('observatoryImports').selectAll().orderBy('id', 'desc').limit(50).execute();
  });
};
