import type { Kysely } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { looseKey } from '../../platform/tabular/parsers.js';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import { formatEuros } from '../../shared/money.js';
import { NoParameterInForce } from '../../shared/validity.js';
import type { LineProblems } from '../../platform/imports/lineProblems.js';
import type { CheckProgress } from '../../platform/imports/engine.js';
import { checkTempPathway } from '../rules/index.js';
import { pathwayBody, type PathwayBody } from '../pathwaySchema.js';
import { axisTwoEnvelopes } from '../axisTwoEnvelope.js';
import { PATHWAY_FUNDER_COLUMNS } from './columns.js';
import { pathwayCell, pathwayHeader } from './layout.js';

/** A checked pathway: the API body and the file rows it came from (first row first). */
export interface PathwayImportRow { lines: number[]; key: string; body: PathwayBody }

type Line = { line: number; value: Record<string, any> };

/** Person and entry: given on the first row, repeated identically or left empty on the others. */
const PATHWAY_FIELDS = ['agency', 'lastName', 'firstName', 'sex', 'birthDate', 'level', 'route', 'hasVocationalDiploma', 'entryDate'] as const;
const REQUIRED_ON_FIRST = PATHWAY_FIELDS.filter((f) => f !== 'agency');

function groups(lines: Line[]): { key: string; rows: Line[] }[] {
  const byKey = new Map<string, { key: string; rows: Line[] }>();
  for (const l of lines) {
    const k = looseKey(l.value.pathwayKey);
    if (!byKey.has(k)) byKey.set(k, { key: l.value.pathwayKey, rows: [] });
    byKey.get(k)!.rows.push(l);
  }
  return [...byKey.values()];
}

/**
 * The rules of POST /api/temp-pathways, per pathway: eligibility, periods (no overlap, ROME code
 * for missions, experiment window), ROME codes known to the reference list, the agency's scope, and
 * the Axis 2 envelope with the file's earlier pathways already counted.
 */
export async function checkPathways(db: Kysely<Schema>, actor: Actor, lines: Line[], problems: LineProblems, checked: CheckProgress = async () => {}): Promise<PathwayImportRow[]> {
  const agencies = await db.selectFrom('organisations').select(['id', 'name', 'siret']).where('kind', '=', 'temp_agency').execute();
  const codes = [...new Set(lines.flatMap((l) => (l.value.romeCode ? [l.value.romeCode as string] : [])))];
  const knownRome = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const r of await db.selectFrom('romeCodes').select('code').where('code', 'in', codes.slice(i, i + 500)).execute()) knownRome.add(r.code);
  }
  const envelopes = await axisTwoEnvelopes(db);
  const remaining = new Map(envelopes.map((e) => [e.funder, e.remainingCents]));

  const rows: PathwayImportRow[] = [];
  const all = groups(lines);
  for (const [index, group] of all.entries()) {
    await checked(index + 1, all.length);
    const [head, ...others] = group.rows;
    const rowLines = group.rows.map((r) => r.line);
    const before = problems.count;
    const fail = (line: number, key: string, message: string) => problems.add(line, key ? pathwayHeader(key) : '', message);

    for (const field of REQUIRED_ON_FIRST) {
      if (head.value[field] === null) fail(head.line, field, `valeur obligatoire sur la première ligne du parcours « ${group.key} ».`);
    }
    let agencyId: number | undefined;
    const agency = head.value.agency as string | null;
    const named = agency ? agencies.find((a) => a.siret === agency.replace(/\s/g, '') || looseKey(a.name) === looseKey(agency)) : undefined;
    if (actor.organisationKind === 'temp_agency') {
      if (agency && named?.id !== actor.organisationId) fail(head.line, 'agency', `« ${agency} » n’est pas votre agence : une agence n’importe que ses propres parcours.`);
      agencyId = actor.organisationId;
    } else if (!agency) fail(head.line, 'agency', 'indiquez l’entreprise de travail temporaire (SIRET ou nom).');
    else if (!named) fail(head.line, 'agency', `« ${agency} » n’est pas une entreprise de travail temporaire enregistrée.`);
    else agencyId = named.id;
    // Without these the pathway cannot be judged; a row contradicting the first one can, so it is.
    const blocked = problems.count > before;
    for (const row of others) {
      for (const field of PATHWAY_FIELDS) {
        const value = row.value[field];
        if (value !== null && head.value[field] !== null && looseKey(String(value)) !== looseKey(String(head.value[field])))
          fail(row.line, field, `la ligne ${head.line} du parcours « ${group.key} » indique « ${String(head.value[field])} » : laissez la cellule vide ou répétez la même valeur.`);
      }
      for (const f of PATHWAY_FUNDER_COLUMNS) {
        if (row.value[f.key] !== null) fail(row.line, f.key, `le financement se donne une seule fois, sur la première ligne du parcours « ${group.key} » (ligne ${head.line}).`);
      }
    }


    const fundingLines = PATHWAY_FUNDER_COLUMNS.flatMap((f) => (head.value[f.key] ? [{ funder: f.funder as string, amountCents: head.value[f.key] as number }] : []));
    const funders = fundingLines.map((l) => l.funder);
    const v = head.value;
    const parsed = pathwayBody.safeParse({
      agencyId,
      worker: { lastName: v.lastName, firstName: v.firstName, sex: v.sex, birthDate: v.birthDate, level: v.level, route: v.route, hasVocationalDiploma: v.hasVocationalDiploma },
      entryDate: v.entryDate,
      periods: group.rows.map(({ value: p }) => ({
        kind: p.kind, start: p.start, end: p.end, hours: p.hours, costCents: p.costCents, romeCode: p.romeCode,
        providerName: p.providerName, userCompany: p.userCompany, targetedQualification: p.targetedQualification,
      })),
      fundingLines,
    });
    if (blocked) continue;
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const cell = pathwayCell(i.path.join('.'), rowLines, funders);
        problems.add(cell.line, cell.column, i.message);
      }
      continue;
    }
    const body = parsed.data;

    let issues;
    try {
      issues = checkTempPathway({ participant: body.worker, entryDate: body.entryDate, periods: body.periods }, ACTE_II_PARAMETERS);
    } catch (error) {
      if (!(error instanceof NoParameterInForce)) throw error;
      fail(head.line, 'entryDate', `aucune règle des parcours intérimaires n’est connue au ${body.entryDate} : vérifiez la date d’entrée.`);
      continue;
    }
    for (const i of issues) {
      const cell = pathwayCell(i.field, rowLines, funders);
      if (i.severity === 'error') problems.add(cell.line, cell.column, i.message);
      else problems.warn(cell.line, i.message);
    }
    body.periods.forEach((p, i) => {
      if (p.romeCode && !knownRome.has(p.romeCode)) fail(rowLines[i], 'romeCode', `le code ROME ${p.romeCode} n’existe pas dans le répertoire ROME.`);
    });

    for (const line of fundingLines) {
      const column = PATHWAY_FUNDER_COLUMNS.find((f) => f.funder === line.funder)!.key;
      const left = remaining.get(line.funder);
      if (left === undefined) {
        fail(head.line, column, `${line.funder} ne finance pas l’axe 2 : aucune enveloppe. Financeurs possibles : ${envelopes.map((e) => e.funder).join(', ')}.`);
      } else if (line.amountCents > left) {
        fail(head.line, column, `l’enveloppe de l’axe 2 serait dépassée : ${formatEuros(line.amountCents)} demandés, il reste ${formatEuros(Math.max(0, left))} en comptant les parcours précédents du fichier.`);
      }
    }
    if (problems.count > before) continue;
    for (const line of fundingLines) remaining.set(line.funder, remaining.get(line.funder)! - line.amountCents);
    rows.push({ lines: rowLines, key: group.key, body });
  }
  return rows;
}
