import { createHash } from 'node:crypto';
import { centsToCsvEuros } from '../src/platform/tabular/index.js';
import { formatDateFr } from '../src/shared/dates.js';
import { approvedHeader, HEADERS, IMPORT_HEADERS, paidHeader } from '../src/weeklyCell/import/layout.js';
import { searchKey } from '../src/shared/search.js';
import type { BenchDb } from './db.js';
import { bulkWriter } from './bulk.js';
import { syncSequences } from './generate.js';
import { dayNumber, isoDay, seeded, siretFor } from './random.js';

/**
 * The history file a partner would hand over (the layout of src/weeklyCell/import), and
 * the same rows written straight to the tables — the floor the import service is compared
 * with. Both write, per row: the company when new, the request, its funding lines, its
 * commitments, its payments when settled, and one history event.
 */
export interface HistoryRow {
  reference: string; companyName: string; siret: string; nafCode: string; departement: string; decisionDate: string;
  status: 'closed' | 'approved' | 'refused'; trainees: number; hours: number; teachingCents: number; payCents: number;
  shares: { OPCA: number; STATE: number; REGION: number; COMPANY: number };
}

const NAF = ['2562B', '2932Z', '2229A', '2511Z', '3250B', '2841Z'];
const FUND = 'OPCAIM (métallurgie)';

export function historyRows(count: number, tag: string, sirenOffset: number): HistoryRow[] {
  const r = seeded(4242 + sirenOffset);
  return Array.from({ length: count }, (_, i) => {
    const trainees = r.int(1, 30);
    const hours = trainees * r.int(14, 70);
    const teachingCents = hours * r.int(2500, 4500);
    const payCents = hours * r.int(1100, 2200);
    const total = teachingCents + payCents;
    const opca = Math.round(total * 0.43); const state = Math.round(total * 0.22); const region = Math.round(total * 0.13);
    const status = r.chance(0.7) ? 'closed' : r.chance(0.7) ? 'approved' : 'refused';
    return {
      reference: `${tag}-${String(i + 1).padStart(6, '0')}`, companyName: `Entreprise importée ${tag} ${i + 1}`, siret: siretFor(sirenOffset + i),
      nafCode: r.pick(NAF), departement: r.pick(['25', '39', '70', '90', '69', '59']), decisionDate: isoDay(r.int(dayNumber('2009-02-01'), dayNumber('2010-12-15'))),
      status, trainees, hours, teachingCents, payCents,
      shares: { OPCA: opca, STATE: state, REGION: region, COMPANY: total - opca - state - region },
    };
  });
}

export function historyCsv(rows: HistoryRow[]): Buffer {
  const lines = [IMPORT_HEADERS.join(';')];
  for (const row of rows) {
    const settled = row.status === 'closed' ? isoDay(dayNumber(row.decisionDate) + 200) : null;
    const cells: Record<string, string> = {
      [HEADERS.reference]: row.reference, [HEADERS.measureCode]: 'ACTE1-CELLULE', [HEADERS.companyName]: row.companyName, [HEADERS.siret]: row.siret,
      [HEADERS.nafCode]: row.nafCode, [HEADERS.headcount]: '250', [HEADERS.departement]: row.departement, [HEADERS.trainingFund]: FUND,
      [HEADERS.decisionDate]: formatDateFr(row.decisionDate), [HEADERS.status]: row.status === 'closed' ? 'soldée' : row.status === 'approved' ? 'accordée' : 'refusée',
      [HEADERS.trainees]: String(row.trainees), [HEADERS.trainingHours]: String(row.hours),
      [HEADERS.teachingCost]: centsToCsvEuros(row.teachingCents), [HEADERS.payCost]: centsToCsvEuros(row.payCents),
      [approvedHeader('OPCA')]: centsToCsvEuros(row.shares.OPCA), [approvedHeader('État')]: centsToCsvEuros(row.shares.STATE),
      [approvedHeader('Région')]: centsToCsvEuros(row.shares.REGION), [approvedHeader('Entreprise')]: centsToCsvEuros(row.shares.COMPANY),
      ...(settled ? { [paidHeader('OPCA')]: centsToCsvEuros(row.shares.OPCA), [paidHeader('État')]: centsToCsvEuros(row.shares.STATE), [HEADERS.settledOn]: formatDateFr(settled) } : {}),
    };
    lines.push(IMPORT_HEADERS.map((h) => cells[h] ?? '').join(';'));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The same rows through the bulk writer (prepared statements / unnest): the raw insert rate. */
export async function insertHistoryRaw(bench: BenchDb, rows: HistoryRow[]): Promise<void> {
  const { db } = bench.database;
  const max = async (table: 'organisations' | 'fundingRequests' | 'fundingLines' | 'commitments' | 'payments' | 'historyEvents') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);
  const measureId = (await db.selectFrom('measures').select('id').where('code', '=', 'ACTE1-CELLULE').executeTakeFirstOrThrow()).id;
  const envelopes = new Map((await db.selectFrom('envelopes').select(['id', 'funder']).where('measureId', '=', measureId).execute()).map((e) => [e.funder, e.id]));
  const fundId = (await db.selectFrom('organisations').select('id').where('name', '=', FUND).executeTakeFirstOrThrow()).id;
  const stateId = (await db.selectFrom('organisations').select('id').where('kind', '=', 'state').executeTakeFirstOrThrow()).id;
  const ids = { org: await max('organisations'), request: await max('fundingRequests'), line: await max('fundingLines'), commitment: await max('commitments'), payment: await max('payments'), event: await max('historyEvents') };
  const at = new Date().toISOString();

  const writer = await bulkWriter(bench.raw, { checked: true });
  const orgs = writer.table({ name: 'organisations', columns: [['id', 'int'], ['kind', 'text'], ['name', 'text'], ['siret', 'text'], ['departement', 'text'], ['is_active', 'bool'], ['created_at', 'instant'], ['version', 'int']] });
  const requests = writer.table({ name: 'funding_requests', columns: [['id', 'int'], ['reference', 'text'], ['measure_id', 'int'], ['company_id', 'int'], ['training_fund_id', 'int'], ['status', 'text'], ['company_name', 'text'], ['search_name', 'text'], ['siret', 'text'], ['naf_code', 'text'], ['headcount', 'int'], ['departement', 'text'], ['trainee_count', 'int'], ['training_hours', 'int'], ['teaching_cost_cents', 'bigint'], ['pay_cost_cents', 'bigint'], ['total_cost_cents', 'bigint'], ['realised_hours', 'int'], ['realised_cost_cents', 'bigint'], ['committed_cents', 'bigint'], ['paid_cents', 'bigint'], ['decided_at', 'instant'], ['closed_at', 'instant'], ['created_at', 'instant'], ['updated_at', 'instant'], ['is_imported', 'bool'], ['version', 'int']] });
  const lines = writer.table({ name: 'funding_lines', columns: [['id', 'int'], ['request_id', 'int'], ['position', 'int'], ['funder', 'text'], ['proposed_cents', 'bigint'], ['approved_cents', 'bigint']] });
  const commitments = writer.table({ name: 'commitments', columns: [['id', 'int'], ['request_id', 'int'], ['envelope_id', 'int'], ['funder', 'text'], ['amount_cents', 'bigint'], ['released_cents', 'bigint'], ['created_at', 'instant']] });
  const payments = writer.table({ name: 'payments', columns: [['id', 'int'], ['request_id', 'int'], ['funder', 'text'], ['amount_cents', 'bigint'], ['paid_on', 'date'], ['reference', 'text'], ['recorded_by', 'int'], ['organisation_id', 'int'], ['created_at', 'instant']] });
  const events = writer.table({ name: 'history_events', columns: [['id', 'int'], ['entity_type', 'text'], ['entity_id', 'int'], ['sequence', 'int'], ['action', 'text'], ['at', 'instant'], ['motivation', 'text'], ['changes', 'text'], ['previous_hash', 'text'], ['hash', 'text']] });

  for (const row of rows) {
    const companyId = ++ids.org;
    await orgs.add([companyId, 'company', row.companyName, row.siret, row.departement, true, at, 1]);
    const requestId = ++ids.request;
    const total = row.teachingCents + row.payCents;
    const positive = row.status !== 'refused';
    const committed = positive ? total - row.shares.COMPANY : 0;
    const paid = row.status === 'closed' ? row.shares.OPCA + row.shares.STATE : 0;
    const decided = `${row.decisionDate}T00:00:00.000Z`;
    await requests.add([requestId, row.reference, measureId, companyId, fundId, row.status, row.companyName, searchKey(row.companyName), row.siret, row.nafCode, 250, row.departement, row.trainees, row.hours,
      row.teachingCents, row.payCents, total, row.status === 'closed' ? row.hours : 0, row.status === 'closed' ? total : 0, committed, paid, decided, row.status === 'approved' ? null : decided, at, at, true, 1]);
    const funders = ['OPCA', 'STATE', 'REGION', 'COMPANY'] as const;
    for (const [position, funder] of funders.entries()) {
      await lines.add([++ids.line, requestId, position, funder, row.shares[funder], positive ? row.shares[funder] : 0]);
      if (positive && funder !== 'COMPANY') await commitments.add([++ids.commitment, requestId, envelopes.get(funder) ?? null, funder, row.shares[funder], 0, at]);
    }
    if (row.status === 'closed') {
      await payments.add([++ids.payment, requestId, 'OPCA', row.shares.OPCA, row.decisionDate, `${row.reference} (reprise)`, 0, fundId, at]);
      await payments.add([++ids.payment, requestId, 'STATE', row.shares.STATE, row.decisionDate, `${row.reference} (reprise)`, 0, stateId, at]);
    }
    const changes = JSON.stringify({ reference: row.reference, status: row.status, totalCostCents: total, committedCents: committed, paidCents: paid });
    const hash = createHash('sha256').update(`${requestId}|imported|${changes}`).digest('hex');
    await events.add([++ids.event, 'fundingRequest', requestId, 1, 'imported', at, 'Reprise d’historique (bench)', changes, '', hash]);
  }
  for (const sink of [orgs, requests, lines, commitments, payments, events]) await sink.end();
  // What the service does too: the envelopes keep the new commitments in their balance.
  const held = new Map<number, number>();
  for (const row of rows) {
    if (row.status === 'refused') continue;
    for (const funder of ['OPCA', 'STATE', 'REGION'] as const) {
      const envelope = envelopes.get(funder);
      if (envelope) held.set(envelope, (held.get(envelope) ?? 0) + row.shares[funder]);
    }
  }
  for (const [id, cents] of held) await bench.raw.exec(`update envelopes set committed_cents = committed_cents + ${Math.trunc(cents)} where id = ${Math.trunc(id)}`);
  await writer.finish();
  // The import service that runs next lets PostgreSQL number its rows: move the sequences past ours.
  await syncSequences(bench, ['organisations', 'funding_requests', 'funding_lines', 'commitments', 'payments', 'history_events']);
}
