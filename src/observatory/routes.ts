import { z } from 'zod';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { invalid, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams } from '../platform/http/lists.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { runAction } from '../platform/actions/runAction.js';
import type { Column } from '../platform/tabular/index.js';
import { EMPLOYMENT_AREAS, employmentAreaLabel, employmentAreaSchema } from '../shared/employmentAreas.js';
import { addDiagnosticPoint, addWatchItem, followAlert, preparePlan, removeWatchItem, updateAlertRule, updateDiagnosticPoint, updateWatchItem } from './actions.js';
import { alertUsage, produceDigest } from './alerts.js';
import { COMPONENT_LABELS, FACTOR_LABELS, latestYear, loadObservatory, type Observatory } from './figures.js';
import { assertMayRead, assertMayWrite, observatoryPolicy } from './policy.js';
import { alertFollowBody, diagnosticBody, diagnosticUpdate, planBody, PLAN_KIND_LABELS, ruleUpdate, watchBody, watchUpdate } from './schemas.js';
import { tensionMethodFor } from './rules/tension.js';
import { borderView, hiringTrend, paradoxView, romeLabels, tensionView, waysOutView, type Count } from './views.js';
import { observatoryImportRoutes } from './import/observatoryImport.js';
import { diagnosticView } from './diagnostic.js';

const tags = ['observatoire'];
const areaParams = z.object({ area: employmentAreaSchema });
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

function yearOf(o: Observatory, asked: number | undefined): number {
  const year = asked ?? latestYear(o);
  if (year === null) throw notFound('Données de l’observatoire (aucun fichier importé)');
  if (!o.years.includes(year)) throw invalid('year', `Aucune donnée pour ${year} : années disponibles ${o.years.join(', ')}.`);
  return year;
}

const SECRET_TEXT = 'secret (*)';
const countText = (c: Count | null) => (c === null ? null : c.masked ? SECRET_TEXT : c.value);
const pct = (bp: number | null) => (bp === null ? null : bp / 100);

type ViewName = 'tension' | 'paradox' | 'waysOut' | 'border';

/** Every view of the observatory: the same figures as the pages, under the steering's roles. */
export const observatoryRoutes: RouteModule = async (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const reader = async (request: Parameters<typeof requireActor>[1]) => {
    const actor = await requireActor(ctx, request);
    assertMayRead(actor);
    return actor;
  };
  const today = () => ctx.clock.now().toISOString().slice(0, 10);

  app.get('/api/observatory', { schema: { tags, summary: 'Vue d’ensemble de l’observatoire : zones, années, imports, méthode, alertes' } }, async (request) => {
    const actor = await reader(request);
    const o = await loadObservatory(db);
    const year = latestYear(o);
    const imports = await db.selectFrom('observatoryImports').select(['id', 'dataset', 'filename', 'years', 'keptCount', 'maskedCount', 'isSynthetic', 'importedAt']).orderBy('id', 'desc').limit(20).execute();
    const method = tensionMethodFor(year ?? new Date(today()).getUTCFullYear());
    return {
      years: o.years, year, synthetic: o.isSynthetic, reference: o.reference,
      areas: EMPLOYMENT_AREAS.map((a) => ({ code: a.code, label: a.label, jobs: o.cells.filter((c) => c.area === a.code && c.year === year).length })),
      method: { weights: method.weights, components: COMPONENT_LABELS, factors: FACTOR_LABELS },
      imports, alerts: await alertUsage(db),
      may: { write: observatoryPolicy.write(actor), importData: observatoryPolicy.importData(actor) },
    };
  });

  app.get('/api/observatory/areas/:area/tension', { schema: { tags, summary: 'Tension par métier dans une zone d’emploi : indicateur composite, facteurs 1–5, tendance', params: areaParams, querystring: yearQuery } }, async (request) => {
    await reader(request);
    const o = await loadObservatory(db);
    return tensionView(o, request.params.area, yearOf(o, request.query.year));
  });

  app.get('/api/observatory/areas/:area/paradox', { schema: { tags, summary: 'Paradoxe : métiers aux recrutements difficiles malgré de nombreux demandeurs d’emploi, et ce que le partenariat a déjà financé', params: areaParams, querystring: yearQuery } }, async (request) => {
    await reader(request);
    const o = await loadObservatory(db);
    return paradoxView(db, o, request.params.area, yearOf(o, request.query.year), today());
  });

  app.get('/api/observatory/areas/:area/ways-out', { schema: { tags, summary: 'Sorties du « tout auto » : métiers cibles classés par tension, indice de dépendance automobile', params: areaParams, querystring: yearQuery } }, async (request) => {
    await reader(request);
    const o = await loadObservatory(db);
    return waysOutView(db, o, request.params.area, yearOf(o, request.query.year), today());
  });

  app.get('/api/observatory/border', { schema: { tags, summary: 'Frontière suisse : résidents travaillant en Suisse, permis G, métiers en tension, stagiaires du partenariat' } }, async (request) => {
    await reader(request);
    return borderView(db, await loadObservatory(db), today());
  });

  app.get('/api/observatory/:view/export', {
    schema: { tags, summary: 'Export CSV ou XLSX d’une vue (tension, paradox, waysOut, border) ; les valeurs secrètes restent « secret (*) »', params: z.object({ view: z.string().max(20) }), querystring: z.intersection(exportParams, z.object({ area: employmentAreaSchema.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() })) },
  }, async (request, reply) => {
    await reader(request);
    const view = request.params.view as ViewName;
    if (!['tension', 'paradox', 'waysOut', 'border'].includes(view)) throw invalid('view', `Vue inconnue « ${request.params.view} ». Vues : tension, paradox, waysOut, border.`);
    const { format, area: askedArea, year: askedYear } = request.query;
    const o = await loadObservatory(db);
    const area = askedArea ?? 'belfort-montbeliard-hericourt';
    if (view !== 'border' && !askedArea) throw invalid('area', 'Choisissez la zone d’emploi à exporter (paramètre « area »).');
    const year = yearOf(o, askedYear);
    let rows: Record<string, unknown>[];
    let columns: Column<Record<string, unknown>>[];
    const col = (key: string, header: string): Column<Record<string, unknown>> => ({ key, header, value: (r) => r[key] as any });
    if (view === 'tension') {
      rows = tensionView(o, area, year).rows.map((r) => ({ ...r, projects: countText(r.projects), difficult: countText(r.difficult), seasonal: countText(r.seasonal), share: pct(r.difficultShareBp), ...Object.fromEntries(Object.entries(r.factors)) }));
      columns = [col('fap', 'Code métier'), col('label', 'Métier'), col('projects', 'Projets de recrutement'), col('difficult', 'Projets difficiles'), col('seasonal', 'Projets saisonniers'), col('share', 'Part difficile (%)'), col('seekersA', 'Demandeurs d’emploi (cat. A)'), col('offers', 'Offres'), col('tension', 'Tension (composite)'),
        ...Object.entries(FACTOR_LABELS).map(([k, label]) => col(k, `${label} (1–5)`))];
    } else if (view === 'paradox') {
      rows = (await paradoxView(db, o, area, year, today())).rows.map((r) => ({ fap: r.fap, label: r.label, projects: countText(r.projects), difficult: countText(r.difficult), share: pct(r.difficultShareBp), seekersA: r.seekersA, perDifficult: r.seekersPerDifficult, requests: r.financed.requests, trainees: countText(r.financed.trainees), committed: r.financed.committedCents / 100, pathways: r.financed.pathways, plans: r.financed.plans }));
      columns = [col('fap', 'Code métier'), col('label', 'Métier'), col('projects', 'Projets de recrutement'), col('difficult', 'Projets difficiles'), col('share', 'Part difficile (%)'), col('seekersA', 'Demandeurs d’emploi (cat. A)'), col('perDifficult', 'Demandeurs par projet difficile'), col('requests', 'Demandes financées'), col('trainees', 'Salariés formés'), col('committed', 'Engagé (€)'), col('pathways', 'Parcours intérimaires'), col('plans', 'Actions préparées')];
    } else if (view === 'waysOut') {
      rows = (await waysOutView(db, o, area, year, today())).jobs.flatMap((j) => j.targets.map((t) => ({ source: j.rome, sourceLabel: j.label, target: t.target, targetLabel: t.label, kind: t.kind === 1 ? 'proche' : 'si évolution', tension: t.tension, share: pct(t.difficultShareBp), projects: countText(t.projects), wayOut: t.isWayOut ? 'oui' : 'non' })));
      columns = [col('source', 'Métier de l’automobile'), col('sourceLabel', 'Libellé'), col('target', 'Métier cible'), col('targetLabel', 'Libellé cible'), col('kind', 'Mobilité'), col('tension', 'Tension de la cible'), col('share', 'Part difficile (%)'), col('projects', 'Projets de recrutement'), col('wayOut', 'Débouché en tension')];
    } else {
      rows = (await borderView(db, o, today())).panels.flatMap((p) => p.residents.map((r) => ({ area: p.areaLabel, year: r.year, working: r.workingInSwitzerland, labour: r.labourForce, share: pct(r.shareBp), trainees: countText(p.trainees) })));
      columns = [col('area', 'Zone d’emploi'), col('year', 'Année'), col('working', 'Résidents travaillant en Suisse'), col('labour', 'Actifs résidents'), col('share', 'Part (%)'), col('trainees', 'Stagiaires du partenariat')];
    }
    async function* each() { for (const r of rows) yield r; }
    return sendExport(reply, each(), columns, `observatoire-${view}${view === 'border' ? '' : `-${area}`}-${year}`, format);
  });

  // Watchlist of the jobs of the future.
  app.get('/api/observatory/watchlist', { schema: { tags, summary: 'Métiers d’avenir : liste de veille du partenariat, tendance des recrutements et formations déjà financées' } }, async (request) => {
    await reader(request);
    const o = await loadObservatory(db);
    const labels = await romeLabels(db);
    const items = await db.selectFrom('observatoryWatchlist as w').innerJoin('organisations as org', 'org.id', 'w.organisationId')
      .select(['w.id', 'w.romeCode', 'w.reason', 'w.source', 'w.taggedOn', 'w.updatedAt', 'w.version', 'org.name as organisation']).orderBy('w.taggedOn', 'desc').execute();
    const funded = await db.selectFrom('pathwayPeriods').select(['romeCode']).select((eb) => eb.fn.countAll<number>().as('n')).select((eb) => eb.fn.sum<number>('hoursHundredths').as('h'))
      .where('kind', '=', 'training').where('romeCode', 'in', items.length ? items.map((i) => i.romeCode) : ['-']).groupBy('romeCode').execute();
    const plans = await db.selectFrom('observatoryPlans').select(['romeCode']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('romeCode').execute();
    return {
      synthetic: o.isSynthetic,
      items: items.map((i) => {
        const f = funded.find((x) => x.romeCode === i.romeCode);
        return {
          ...i, label: labels.get(i.romeCode) ?? i.romeCode, trend: hiringTrend(o, i.romeCode),
          trainingPeriods: Number(f?.n ?? 0), trainingHours: Math.round(Number(f?.h ?? 0) / 100), plans: Number(plans.find((p) => p.romeCode === i.romeCode)?.n ?? 0),
        };
      }),
    };
  });
  app.post('/api/observatory/watchlist', { schema: { tags, summary: 'Ajouter un métier d’avenir à la liste de veille', body: watchBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return reply.code(201).send(await runAction(ctx, actor, addWatchItem, request.body));
  });
  app.put('/api/observatory/watchlist/:id', { schema: { tags, summary: 'Modifier un métier de la liste de veille', params: idParams, body: watchUpdate } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return runAction(ctx, actor, updateWatchItem, { ...request.body, id: request.params.id });
  });
  app.delete('/api/observatory/watchlist/:id', { schema: { tags, summary: 'Retirer un métier de la liste de veille', params: idParams } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    await runAction(ctx, actor, removeWatchItem, { id: request.params.id });
    return reply.code(204).send();
  });

  // Actions prepared from a target job.
  app.post('/api/observatory/plans', { schema: { tags, summary: 'Préparer une action pour un métier cible (formation, période de parcours intérimaire, objectif de C.Pro)', body: planBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return reply.code(201).send(await runAction(ctx, actor, preparePlan, request.body));
  });
  app.get('/api/observatory/plans', { schema: { tags, summary: 'Actions préparées depuis l’observatoire', querystring: z.object({ area: employmentAreaSchema.optional() }) } }, async (request) => {
    await reader(request);
    const labels = await romeLabels(db);
    const rows = await db.selectFrom('observatoryPlans as p').innerJoin('organisations as o', 'o.id', 'p.organisationId')
      .select(['p.id', 'p.kind', 'p.areaCode', 'p.romeCode', 'p.sourceRomeCode', 'p.headcount', 'p.note', 'p.createdAt', 'o.name as organisation'])
      .$if(!!request.query.area, (q) => q.where('p.areaCode', '=', request.query.area!)).orderBy('p.id', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...r, kindLabel: PLAN_KIND_LABELS[r.kind as keyof typeof PLAN_KIND_LABELS] ?? r.kind, areaLabel: employmentAreaLabel(r.areaCode), label: labels.get(r.romeCode) ?? r.romeCode, sourceLabel: r.sourceRomeCode ? labels.get(r.sourceRomeCode) ?? r.sourceRomeCode : null }));
  });

  // Alerts, their rules and the weekly digest.
  app.get('/api/observatory/alerts', { schema: { tags, summary: 'Alertes ouvertes par les règles, leur suite et leur usage mesuré' } }, async (request) => {
    const actor = await reader(request);
    const alerts = await db.selectFrom('observatoryAlerts as a').innerJoin('observatoryAlertRules as r', 'r.id', 'a.ruleId')
      .leftJoin('observatoryBmo as b', (j) => j.onRef('b.year', '=', 'a.year').onRef('b.areaCode', '=', 'a.areaCode').onRef('b.fapCode', '=', 'a.fapCode'))
      .select(['a.id', 'a.areaCode', 'a.fapCode', 'a.year', 'a.value', 'a.openedAt', 'a.status', 'a.actedAt', 'a.digestId', 'r.label as rule', 'b.fapLabel'])
      .orderBy('a.id', 'desc').limit(300).execute();
    const rules = await db.selectFrom('observatoryAlertRules').selectAll().orderBy('id').execute();
    const digests = await db.selectFrom('observatoryDigests').selectAll().orderBy('id', 'desc').limit(10).execute();
    // Reading the list counts as seeing its alerts: the measure of whether alerts are used starts there.
    if (observatoryPolicy.write(actor)) await db.updateTable('observatoryAlerts').set({ seenAt: ctx.clock.now().toISOString() }).where('seenAt', 'is', null).execute();
    return { alerts: alerts.map((a) => ({ ...a, areaLabel: employmentAreaLabel(a.areaCode), fapLabel: a.fapLabel ?? a.fapCode })), rules, digests, usage: await alertUsage(db) };
  });
  app.post('/api/observatory/alerts/:id/follow', { schema: { tags, summary: 'Donner suite à une alerte (traitée, écartée, rouverte)', params: idParams, body: alertFollowBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    await runAction(ctx, actor, followAlert, { ...request.body, id: request.params.id });
    return reply.code(204).send();
  });
  app.put('/api/observatory/alert-rules/:id', { schema: { tags, summary: 'Modifier une règle d’alerte (seuils, délai entre deux alertes, activation)', params: idParams, body: ruleUpdate } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return runAction(ctx, actor, updateAlertRule, { ...request.body, id: request.params.id });
  });
  app.post('/api/observatory/digests', { schema: { tags, summary: 'Produire maintenant le récapitulatif des alertes (sinon chaque lundi)' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return produceDigest(ctx);
  });

  // Territorial diagnostic.
  app.get('/api/observatory/areas/:area/diagnostic', { schema: { tags, summary: 'Diagnostic territorial d’une zone : forces, faiblesses, menaces, opportunités et l’indicateur de chacune', params: areaParams } }, async (request) => {
    await reader(request);
    return diagnosticView(db, await loadObservatory(db), request.params.area, today());
  });
  app.post('/api/observatory/areas/:area/diagnostic', { schema: { tags, summary: 'Ajouter un point au diagnostic territorial', params: areaParams, body: diagnosticBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return reply.code(201).send(await runAction(ctx, actor, addDiagnosticPoint, { ...request.body, area: request.params.area }));
  });
  app.put('/api/observatory/diagnostic/:id', { schema: { tags, summary: 'Amender un point du diagnostic (nouvelle version)', params: idParams, body: diagnosticUpdate } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayWrite(actor);
    return runAction(ctx, actor, updateDiagnosticPoint, { ...request.body, id: request.params.id });
  });

  await observatoryImportRoutes(app, ctx);
};
