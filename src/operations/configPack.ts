import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';
import { recordHistory } from '../platform/history/history.js';
import { PARTNER_KINDS } from '../platform/identity/roles.js';
import { configPackSchema, PACK_FORMAT, PACK_VERSION, type ConfigPack } from './configPackSchema.js';
import { inSerialTransaction } from './serialTransaction.js';
import { runActionIn, type RunContext } from '../platform/actions/runAction.js';
import { createOrganisation, updateOrganisation } from '../platform/identity/identityActions.js';

/** The seed's partnership (Franche-Comté, Acte I and Acte II), shipped with the application. */
export const SEED_PACK_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'packs', 'franche-comte-2008-2014.json');

export function readSeedPack(): ConfigPack {
  return configPackSchema.parse(JSON.parse(fs.readFileSync(SEED_PACK_FILE, 'utf8')));
}

const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
const nullable = <T>(value: T | null | undefined) => (value === undefined ? null : value);

/**
 * The database's configuration as a pack: partner organisations (and any organisation a
 * routing rule names), programmes with their measures, targets, envelopes, rules and
 * expected documents. Only
 * the configured amounts travel, never what is committed or paid on them.
 */
export async function exportConfigPack(db: Kysely<Schema>, description?: string): Promise<ConfigPack> {
  const [organisations, programmes, measures, targets, envelopes, fundingRules, routingRules, expectedDocuments] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'kind', 'name', 'departement', 'employmentArea']).where('kind', '!=', 'company').execute(),
    db.selectFrom('programmes').selectAll().orderBy('code').execute(),
    db.selectFrom('measures').selectAll().orderBy('id').execute(),
    db.selectFrom('targets').selectAll().orderBy('id').execute(),
    db.selectFrom('envelopes').selectAll().orderBy('id').execute(),
    db.selectFrom('fundingRules').selectAll().orderBy('id').execute(),
    db.selectFrom('routingRules').selectAll().orderBy('id').execute(),
    db.selectFrom('expectedDocuments').selectAll().orderBy('position').orderBy('id').execute(),
  ]);
  const named = new Set(routingRules.flatMap((r) => (r.organisationId === null ? [] : [r.organisationId])));
  const kept = organisations.filter((o) => PARTNER_KINDS.includes(o.kind as never) || named.has(o.id)).sort(byId);
  const organisationName = new Map(organisations.map((o) => [o.id, o.name]));
  const of = <T extends { measureId: number }>(rows: T[], measureId: number) => rows.filter((r) => r.measureId === measureId);
  return {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    description: description ?? null,
    organisations: kept.map((o) => ({ kind: o.kind as ConfigPack['organisations'][number]['kind'], name: o.name, departement: o.departement, employmentArea: nullable(o.employmentArea) as never })),
    programmes: programmes.map((p) => ({
      code: p.code, name: p.name, description: p.description, startsOn: p.startsOn, endsOn: p.endsOn,
      measures: measures.filter((m) => m.programmeId === p.id).map((m) => ({
        code: m.code, name: m.name, kind: m.kind as never, startsOn: m.startsOn, endsOn: m.endsOn,
        targets: of(targets, m.id).map((t) => ({ indicator: t.indicator, label: t.label, value: Number(t.value) })),
        envelopes: of(envelopes, m.id).map((e) => ({ funder: e.funder as never, amountCents: Number(e.amountCents) })),
        fundingRules: of(fundingRules, m.id).map((r) => ({
          funder: r.funder as never, label: r.label, validFrom: r.validFrom, validTo: r.validTo,
          maxRateBp: r.maxRateBp === null ? null : Number(r.maxRateBp), hourlyCapCents: r.hourlyCapCents === null ? null : Number(r.hourlyCapCents),
          maxHeadcount: r.maxHeadcount === null ? null : Number(r.maxHeadcount),
        })),
        routingRules: of(routingRules, m.id).map((r) => ({
          organisation: r.organisationId === null ? null : organisationName.get(r.organisationId) ?? null,
          funder: r.funder as never, departement: r.departement, nafSection: r.nafSection as never,
          isJobSeekersOnly: !!r.isJobSeekersOnly, isRequired: !!r.isRequired, label: r.label,
        })),
        expectedDocuments: of(expectedDocuments, m.id).map((d) => ({
          stage: d.stage as never, label: d.label, isRequired: !!d.isRequired, validFrom: d.validFrom, validTo: d.validTo,
        })),
      })),
    })),
  };
}

/** A pack that contradicts the database: nothing of it was written. */
export class PackRefused extends Error {}

export interface PackCounts { created: number; updated: number; unchanged: number }
export type PackResult = Record<'organisations' | 'programmes' | 'measures' | 'targets' | 'envelopes' | 'fundingRules' | 'routingRules' | 'expectedDocuments', PackCounts>;

const zero = (): PackCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** Fields of `wanted` that differ from `current` (numbers compared as numbers: PostgreSQL bigint). */
function differences<T extends Record<string, unknown>>(current: Record<string, unknown>, wanted: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const before = current[key];
    const same = typeof value === 'number' || typeof before === 'number' ? Number(before) === Number(value) && (before === null) === (value === null)
      : typeof value === 'boolean' ? !!before === value : before === value;
    if (!same) (changed as Record<string, unknown>)[key] = value;
  }
  return changed;
}

/**
 * Loads a pack, all or nothing, in one transaction: what exists (organisation by kind and
 * name, programme and measure by code, target by indicator, envelope by funder, funding
 * rule by funder, label and start, routing rule by label, expected document by stage, label
 * and start) is brought to the pack's values,
 * the rest is created. Nothing is deleted, and loading the same pack twice changes nothing.
 * Every change is in the history of its programme or organisation.
 */
export async function importConfigPack(database: Database, pack: ConfigPack, at: string): Promise<PackResult> {
  return inSerialTransaction(database, async (trx) => {
    const result: PackResult = { organisations: zero(), programmes: zero(), measures: zero(), targets: zero(), envelopes: zero(), fundingRules: zero(), routingRules: zero(), expectedDocuments: zero() };
    const organisationIds = new Map<string, number>();
    const rc = { database, clock: { now: () => new Date(at) } };
    for (const o of pack.organisations) organisationIds.set(o.name, await upsertOrganisation(trx, rc, o, at, result.organisations));
    for (const p of pack.programmes) {
      const { measures, ...fields } = p;
      const programmeId = await upsert(trx, 'programmes', await trx.selectFrom('programmes').selectAll().where('code', '=', p.code).executeTakeFirst(),
        fields, at, result.programmes, (id) => ({ entityType: 'programme', entityId: id, action: 'configured' }), { version: 1 });
      for (const m of measures) {
        const { targets, envelopes, fundingRules, routingRules, expectedDocuments, ...measureFields } = m;
        const current = await trx.selectFrom('measures').selectAll().where('code', '=', m.code).executeTakeFirst();
        // A measure stays in its programme: its requests and money were counted there.
        if (current && current.programmeId !== programmeId) {
          throw new PackRefused(`Le dispositif ${m.code} appartient déjà à un autre programme que ${p.code} : un dispositif ne change pas de programme.`);
        }
        const measureId = await upsert(trx, 'measures', current, { programmeId, ...measureFields }, at, result.measures,
          (id) => ({ entityType: 'programme', entityId: programmeId, action: 'measure_configured', extra: { measureId: id, measure: m.code } }), { version: 1 });
        const history = (what: string) => (id: number) => ({ entityType: 'programme', entityId: programmeId, action: `${what}_configured`, extra: { [`${what}Id`]: id, measure: m.code } });
        for (const t of targets) {
          const existing = await trx.selectFrom('targets').selectAll().where('measureId', '=', measureId).where('indicator', '=', t.indicator).executeTakeFirst();
          await upsert(trx, 'targets', existing, { measureId, ...t }, at, result.targets, history('target'));
        }
        for (const e of envelopes) {
          const existing = await trx.selectFrom('envelopes').selectAll().where('measureId', '=', measureId).where('funder', '=', e.funder).executeTakeFirst();
          await upsert(trx, 'envelopes', existing, { measureId, ...e }, at, result.envelopes, history('envelope'), { version: 1 });
        }
        for (const r of fundingRules) {
          const existing = await trx.selectFrom('fundingRules').selectAll().where('measureId', '=', measureId)
            .where('funder', '=', r.funder).where('label', '=', r.label).where('validFrom', '=', r.validFrom).executeTakeFirst();
          await upsert(trx, 'fundingRules', existing, { measureId, ...r }, at, result.fundingRules, history('fundingRule'));
        }
        for (const { organisation, ...r } of routingRules) {
          const organisationId = organisation === null ? null : organisationIds.get(organisation) ?? null;
          const existing = await trx.selectFrom('routingRules').selectAll().where('measureId', '=', measureId).where('label', '=', r.label).executeTakeFirst();
          await upsert(trx, 'routingRules', existing, { measureId, organisationId, ...r }, at, result.routingRules, history('routingRule'));
        }
        for (const [i, d] of expectedDocuments.entries()) {
          const existing = await trx.selectFrom('expectedDocuments').selectAll().where('measureId', '=', measureId)
            .where('stage', '=', d.stage).where('label', '=', d.label).where('validFrom', '=', d.validFrom).orderBy('id').executeTakeFirst();
          await upsert(trx, 'expectedDocuments', existing, { measureId, ...d, position: i + 1 }, at, result.expectedDocuments, history('expectedDocument'), { version: 1 });
        }
      }
    }
    return result;
  });
}

type PackTable = 'programmes' | 'measures' | 'targets' | 'envelopes' | 'fundingRules' | 'routingRules' | 'expectedDocuments';
interface HistoryNote { entityType: string; entityId: number; action: string; extra?: Record<string, unknown> }

async function upsert(
  trx: Transaction<Schema>, table: PackTable, current: Record<string, unknown> & { id: number } | undefined,
  wanted: Record<string, unknown>, at: string, counts: PackCounts, note: (id: number) => HistoryNote, onCreate: Record<string, unknown> = {},
): Promise<number> {
  if (!current) {
    const row = await (trx.insertInto(table) as any).values({ ...wanted, ...onCreate }).returning('id').executeTakeFirstOrThrow() as { id: number };
    counts.created++;
    const n = note(row.id);
    await recordHistory(trx, null, at, { entityType: n.entityType, entityId: n.entityId, action: n.action, changes: { source: 'paquet de configuration', created: true, ...n.extra, ...wanted } });
    return row.id;
  }
  const changes = differences(current, wanted);
  if (Object.keys(changes).length === 0) {
    counts.unchanged++;
    return current.id;
  }
  const bump = 'version' in current ? { version: Number(current.version) + 1 } : {};
  await (trx.updateTable(table) as any).set({ ...changes, ...bump }).where('id', '=', current.id).execute();
  counts.updated++;
  const n = note(current.id);
  await recordHistory(trx, null, at, { entityType: n.entityType, entityId: n.entityId, action: n.action, changes: { source: 'paquet de configuration', ...n.extra, ...changes } });
  return current.id;
}

async function upsertOrganisation(trx: Transaction<Schema>, rc: RunContext, o: ConfigPack['organisations'][number], at: string, counts: PackCounts): Promise<number> {
  const current = await trx.selectFrom('organisations').selectAll().where('kind', '=', o.kind).where('name', '=', o.name).orderBy('id').executeTakeFirst();
  const wanted = { departement: o.departement, employmentArea: o.employmentArea };
  // The administration's own actions, run by the system: a pack is loaded from the command line.
  if (!current) {
    const row = await runActionIn(trx, rc, null, createOrganisation, { kind: o.kind, name: o.name, ...wanted }, at);
    counts.created++;
    return row.id;
  }
  const changes = differences(current, wanted);
  if (Object.keys(changes).length === 0) {
    counts.unchanged++;
    return current.id;
  }
  await runActionIn(trx, rc, null, updateOrganisation, { id: current.id, version: current.version, ...changes }, at);
  counts.updated++;
  return current.id;
}

const LABELS: Record<keyof PackResult, string> = {
  organisations: 'organisations', programmes: 'programmes', measures: 'dispositifs', targets: 'objectifs',
  envelopes: 'enveloppes', fundingRules: 'règles de financement', routingRules: 'règles d’orientation',
  expectedDocuments: 'pièces attendues',
};

/** One French line per kind of row: « programmes : 2 créés, 0 modifiés, 0 inchangés ». */
export function describePackResult(result: PackResult): string[] {
  return (Object.keys(LABELS) as (keyof PackResult)[]).map((k) =>
    `${LABELS[k]} : ${result[k].created} créé(s), ${result[k].updated} modifié(s), ${result[k].unchanged} inchangé(s)`);
}
