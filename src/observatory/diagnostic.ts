import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { employmentAreaLabel } from '../shared/employmentAreas.js';
import { latestYear, type Observatory } from './figures.js';
import { isParadox, paradoxThresholdsFor } from './rules/paradox.js';
import { DIAGNOSTIC_KINDS } from './schemas.js';
import { dependencySeries } from './views.js';

/**
 * The territorial diagnostic of an area: points written by the partners, each resting on an
 * indicator whose live value is shown beside it, so a point that the figures no longer
 * support is seen at once. Each amendment is a new version, kept in history.
 */
export async function indicatorValue(db: Kysely<Schema>, o: Observatory, area: string, indicator: string, day: string): Promise<{ label: string; value: string }> {
  const year = latestYear(o);
  if (indicator.startsWith('tension:')) {
    const fap = indicator.slice(8);
    const cell = o.cells.find((c) => c.area === area && c.year === year && c.fap === fap);
    return { label: `Tension ${cell?.fapLabel ?? fap} (${year ?? '—'})`, value: cell?.tension == null ? 'non calculée' : cell.tension.toFixed(2).replace('.', ',') };
  }
  if (indicator === 'paradox') {
    const n = year === null ? 0 : o.cells.filter((c) => c.area === area && c.year === year && isParadox({ projects: c.projects, difficult: c.difficult, seekers: c.seekersA }, paradoxThresholdsFor(year))).length;
    return { label: `Métiers en paradoxe (${year ?? '—'})`, value: String(n) };
  }
  if (indicator === 'dependency') {
    const last = (await dependencySeries(db, area, day)).at(-1);
    return { label: `Entreprises aidées de l’automobile${last ? ` (${last.year})` : ''}`, value: last?.companiesBp == null ? '—' : `${Math.round(last.companiesBp / 100)} %` };
  }
  const residents = await db.selectFrom('observatoryBorderResidents').selectAll().where('areaCode', '=', area).orderBy('year', 'desc').limit(1).executeTakeFirst();
  return { label: `Résidents travaillant en Suisse${residents ? ` (${residents.year})` : ''}`, value: residents ? String(residents.workingInSwitzerland) : '—' };
}

export async function diagnosticView(db: Kysely<Schema>, o: Observatory, area: string, day: string) {
  const points = await db.selectFrom('observatoryDiagnosticPoints as p').innerJoin('organisations as o', 'o.id', 'p.organisationId')
    .select(['p.id', 'p.kind', 'p.text', 'p.indicator', 'p.updatedAt', 'p.version', 'o.name as organisation']).where('p.areaCode', '=', area).orderBy('p.id').execute();
  const withValues = await Promise.all(points.map(async (p) => ({ ...p, live: await indicatorValue(db, o, area, p.indicator, day) })));
  return {
    area, areaLabel: employmentAreaLabel(area), synthetic: o.isSynthetic,
    sections: DIAGNOSTIC_KINDS.map((kind) => ({ kind, points: withValues.filter((p) => p.kind === kind) })),
    jobs: o.cells.filter((c) => c.area === area && c.year === latestYear(o)).map((c) => ({ fap: c.fap, label: c.fapLabel })).sort((a, b) => a.label.localeCompare(b.label, 'fr')),
  };
}
