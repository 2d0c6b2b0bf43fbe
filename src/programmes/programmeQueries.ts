import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import { envelopeMoney } from './envelopeState.js';
import { MEASURE_KIND_LABELS, type MeasureKind } from './schema.js';

/** The read side of "programmes as data": what every signed-in user may see of the configuration. */
type Db = Kysely<Schema>;

const kindLabel = (kind: string) => MEASURE_KIND_LABELS[kind as MeasureKind] ?? kind;
const funderLabel = (funder: string | null) => (funder ? FUNDER_LABELS[funder as Funder] ?? funder : null);

export async function listProgrammes(db: Db) {
  const [programmes, measures] = await Promise.all([
    db.selectFrom('programmes').selectAll().orderBy('startsOn').orderBy('id').execute(),
    db.selectFrom('measures').select(['id', 'programmeId', 'code', 'name', 'kind', 'startsOn', 'endsOn', 'version']).orderBy('code').execute(),
  ]);
  return programmes.map((p) => ({
    ...p,
    measures: measures.filter((m) => m.programmeId === p.id).map((m) => ({ ...m, kindLabel: kindLabel(m.kind) })),
  }));
}

/** Measures with targets, envelopes and their money state, funding and routing rules. */
export async function measureDetails(db: Db, measureIds: readonly number[]) {
  if (measureIds.length === 0) return [];
  const ids = [...measureIds];
  const [measures, targets, envelopes, fundingRules, routingRules, requestCounts] = await Promise.all([
    db.selectFrom('measures').selectAll().where('id', 'in', ids).orderBy('code').execute(),
    db.selectFrom('targets').selectAll().where('measureId', 'in', ids).orderBy('id').execute(),
    envelopeMoney(db, ids),
    db.selectFrom('fundingRules').selectAll().where('measureId', 'in', ids).orderBy('funder').orderBy('validFrom').orderBy('id').execute(),
    db.selectFrom('routingRules as rr').leftJoin('organisations as o', 'o.id', 'rr.organisationId')
      .selectAll('rr').select(['o.name as organisationName', 'o.kind as organisationKind'])
      .where('rr.measureId', 'in', ids).orderBy('rr.id').execute(),
    db.selectFrom('fundingRequests').select((eb) => ['measureId', eb.fn.countAll<number>().as('n')])
      .where('measureId', 'in', ids).groupBy('measureId').execute(),
  ]);
  return measures.map((m) => ({
    ...m,
    kindLabel: kindLabel(m.kind),
    requestCount: Number(requestCounts.find((c) => c.measureId === m.id)?.n ?? 0),
    targets: targets.filter((t) => t.measureId === m.id).map((t) => ({ ...t, value: Number(t.value) })),
    envelopes: envelopes.filter((e) => e.measureId === m.id),
    fundingRules: fundingRules.filter((r) => r.measureId === m.id).map((r) => ({
      ...r, funderLabel: funderLabel(r.funder), hourlyCapCents: r.hourlyCapCents === null ? null : Number(r.hourlyCapCents),
    })),
    routingRules: routingRules.filter((r) => r.measureId === m.id).map((r) => ({
      ...r,
      funderLabel: funderLabel(r.funder),
      // A rule without organisation designates whichever training fund the company chose.
      organisationName: r.organisationId === null ? 'OPCA/OPCO de l’entreprise' : r.organisationName,
    })),
  }));
}

export async function programmeDetail(db: Db, id: number) {
  const programme = await db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!programme) return null;
  const measureIds = (await db.selectFrom('measures').select('id').where('programmeId', '=', id).execute()).map((m) => m.id);
  return { ...programme, measures: await measureDetails(db, measureIds) };
}
