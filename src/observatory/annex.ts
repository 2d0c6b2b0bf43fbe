import type { Kysely } from 'kysely';
import type { Content } from 'pdfmake/interfaces.js';
import type { Schema } from '../platform/db/schema.js';
import { amountCell, dataTable, heading } from '../platform/documents/layout.js';
import { formatEuros } from '../shared/money.js';
import { EMPLOYMENT_AREAS } from '../shared/employmentAreas.js';
import { alertUsage } from './alerts.js';
import { latestYear, loadObservatory } from './figures.js';
import { isParadox, paradoxThresholdsFor } from './rules/paradox.js';
import { borderView, paradoxView, waysOutView, type Count } from './views.js';
import { SYNTHETIC_LABEL } from './demo.js';

/**
 * The « Acte III » annex of the plenary report: what the observatory says, under the same
 * secrecy as the rest (a secret BMO count prints « secret », a small count of people « < 5 »).
 */
export async function acteIIIAnnexFigures(db: Kysely<Schema>, day: string) {
  const o = await loadObservatory(db);
  const year = latestYear(o);
  if (year === null) return { year: null, synthetic: false, areas: [], waysOut: null, paradox: null, border: null, alerts: await alertUsage(db) };
  const thresholds = paradoxThresholdsFor(year);
  const areas = EMPLOYMENT_AREAS.map((a) => {
    const cells = o.cells.filter((c) => c.area === a.code && c.year === year);
    const top = cells.filter((c) => c.tension !== null).sort((x, y) => y.tension! - x.tension!)[0];
    return { label: a.label, jobs: cells.length, paradox: cells.filter((c) => isParadox({ projects: c.projects, difficult: c.difficult, seekers: c.seekersA }, thresholds)).length, top: top ? { label: top.fapLabel, tension: top.tension! } : null };
  });
  return {
    year, synthetic: o.isSynthetic, areas,
    waysOut: await waysOutView(db, o, 'belfort-montbeliard-hericourt', year, day),
    paradox: await paradoxView(db, o, 'morteau', year, day),
    border: await borderView(db, o, day),
    alerts: await alertUsage(db),
  };
}
export type ActeIIIFigures = Awaited<ReturnType<typeof acteIIIAnnexFigures>>;

const dec = (n: number | null) => (n === null ? '—' : n.toFixed(2).replace('.', ','));
const pct = (bp: number | null) => (bp === null ? '—' : `${Math.round(bp / 100)}\u00a0%`);
const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0'));
const bmo = (c: Count | null) => (c === null ? '—' : c.masked ? 'secret' : num(c.value));
const people = (c: Count) => (c.masked ? '< 5' : num(c.value));

export function acteIIIAnnex(f: ActeIIIFigures): Content[] {
  const content: Content[] = [
    { text: 'Annexe — Acte III : observatoire des besoins', style: 'title', pageBreak: 'before', margin: [0, 0, 0, 8] },
  ];
  if (f.year === null) return [...content, { text: 'Aucune donnée du marché du travail n’a encore été importée.', italics: true }];
  content.push(
    { text: `Enquête BMO ${f.year}, demandeurs d’emploi et offres par zone d’emploi. Indicateur de tension : moyenne pondérée des composantes centrées réduites (30 % offres ÷ demandeurs, 20 % sorties des listes, 50 % part des projets difficiles) ; au-dessus de 0, plus de tension que la moyenne de référence.`, margin: [0, 0, 0, 4] },
    ...(f.synthetic ? [{ text: `Attention : ${SYNTHETIC_LABEL} de démonstration, générées pour la Franche-Comté ; aucun chiffre publié.`, bold: true, margin: [0, 0, 0, 6] as [number, number, number, number] }] : []),
    { text: 'Une valeur « secret » est couverte par le secret statistique de l’enquête ; « < 5 » masque un petit nombre de personnes des dossiers du partenariat.', style: 'small', margin: [0, 0, 0, 6] },
    heading('Tension par zone d’emploi'),
    dataTable([{ text: 'Zone d’emploi' }, { text: 'Métiers suivis', alignment: 'right' }, { text: 'Métiers en paradoxe', alignment: 'right' }, { text: 'Métier le plus en tension' }, { text: 'Tension', alignment: 'right' }],
      f.areas.map((a) => [a.label, amountCell(num(a.jobs)), amountCell(num(a.paradox)), a.top?.label ?? '—', amountCell(dec(a.top?.tension ?? null))]), ['*', 'auto', 'auto', '*', 'auto']),
  );
  if (f.waysOut) {
    content.push(heading(`Sorties du « tout auto » — ${f.waysOut.areaLabel}`));
    const rows = f.waysOut.jobs.filter((j) => j.waysOut > 0).slice(0, 8).map((j) => {
      const best = j.targets.filter((t) => t.isWayOut).slice(0, 3);
      return [j.label, best.map((t) => `${t.label} (${dec(t.tension)})`).join(', ')];
    });
    content.push(rows.length ? dataTable([{ text: 'Métier recruté par l’automobile' }, { text: 'Débouchés en tension dans la zone (tension)' }], rows, ['*', '*']) : { text: 'Aucun débouché en tension trouvé.', italics: true });
    const dep = f.waysOut.dependency.at(-1);
    if (dep) content.push({ text: `Dépendance automobile (${dep.year}) : ${pct(dep.companiesBp)} des entreprises aidées, ${dep.traineesMasked ? '< 5' : pct(dep.traineesBp)} des salariés formés.`, margin: [0, 4, 0, 6] });
  }
  if (f.paradox) {
    content.push(heading(`Paradoxe du chômage — ${f.paradox.areaLabel}`));
    content.push(f.paradox.rows.length ? dataTable(
      [{ text: 'Métier' }, { text: 'Projets', alignment: 'right' }, { text: 'Part difficile', alignment: 'right' }, { text: 'Demandeurs (A)', alignment: 'right' }, { text: 'Demandes financées', alignment: 'right' }, { text: 'Salariés formés', alignment: 'right' }, { text: 'Engagé', alignment: 'right' }, { text: 'Parcours', alignment: 'right' }],
      f.paradox.rows.map((r) => [r.label, amountCell(bmo(r.projects)), amountCell(pct(r.difficultShareBp)), amountCell(num(r.seekersA)), amountCell(num(r.financed.requests)), amountCell(people(r.financed.trainees)), amountCell(formatEuros(r.financed.committedCents)), amountCell(num(r.financed.pathways))]),
      ['*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
    ) : { text: 'Aucun métier en paradoxe cette année.', italics: true });
  }
  if (f.border) {
    content.push(heading('Frontière suisse'));
    content.push(dataTable([{ text: 'Zone d’emploi' }, { text: 'Résidents travaillant en Suisse', alignment: 'right' }, { text: 'Part des actifs', alignment: 'right' }, { text: 'Stagiaires du partenariat', alignment: 'right' }],
      f.border.panels.map((p) => {
        const last = p.residents.at(-1);
        return [p.areaLabel, amountCell(num(last?.workingInSwitzerland ?? null)), amountCell(pct(last?.shareBp ?? null)), amountCell(people(p.trainees))];
      }), ['*', 'auto', 'auto', 'auto']));
  }
  content.push(heading('Alertes'), { text: `${num(f.alerts.opened)} alertes ouvertes, ${num(f.alerts.inDigest)} envoyées dans un récapitulatif, ${num(f.alerts.acted)} suivies d’une action (${pct(f.alerts.actedShareBp)}).` });
  return content;
}
