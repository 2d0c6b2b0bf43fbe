import { Secret } from '../components/Secret.js';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs.js';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { JobProgress, type Job } from '../components/ProgressBar.js';
import { formatDateFr } from '../components/format.js';
import type { Dashboard, Kpi } from '../../../src/steering/dashboard.js';
import type { SteeringTable } from '../../../src/steering/steeringTable.js';
import type { Freshness } from '../../../src/steering/snapshots.js';
import { BarChart, Gauge, LineChart } from './charts.js';
import { formatFigure } from './format.js';
import './steering.css';

/**
 * Pilotage: the plenary conference's dashboard. Filters and the open tab live in the URL
 * so a view can be shared; one tab per question (targets, money, companies, territory,
 * people, trends, outcomes) instead of one very long page; every chart is followed by its
 * table, every table can be exported, and the whole view can be printed as the plenary
 * report (produced in the background).
 */
type Options = {
  programmes: { code: string; name: string }[];
  measures: { code: string; name: string; programme: string }[];
  funders: { code: string; label: string }[];
  departements: string[];
  sections: { code: string; label: string }[];
};
type DashboardResponse = Dashboard & { options: Options; freshness: Freshness };
type ReportResult = { documentId: number; downloadUrl: string; filename: string };

const FILTER_KEYS = ['programme', 'measure', 'funder', 'departement', 'section', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];


function FilterBar({ options, current, onApply }: { options: Options | undefined; current: Record<FilterKey, string>; onApply: (values: Record<FilterKey, string>) => void }) {
  const [values, setValues] = useState(current);
  const set = (key: FilterKey) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const submit = (e: FormEvent) => { e.preventDefault(); onApply(values); };
  const reset = () => { const empty = Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Record<FilterKey, string>; setValues(empty); onApply(empty); };
  const measures = (options?.measures ?? []).filter((m) => !values.programme || m.programme === values.programme);
  const select = (key: FilterKey, label: string, items: { value: string; label: string }[], all: string) => (
    <div className={fr.cx('fr-col-12', 'fr-col-md-4', 'fr-col-lg-3')}>
      <div className={fr.cx('fr-select-group', 'fr-mb-0')}>
        <label className={fr.cx('fr-label')} htmlFor={`filtre-${key}`}>{label}</label>
        <select className={fr.cx('fr-select')} id={`filtre-${key}`} name={key} value={values[key]} onChange={set(key)}>
          <option value="">{all}</option>
          {items.map((i) => <option key={i.value} value={i.value}>{i.label}</option>)}
        </select>
      </div>
    </div>
  );
  return (
    <form className={fr.cx('fr-p-3w', 'fr-mb-4w') + ' parcours-filters'} onSubmit={submit} role="search" aria-label="Filtres du tableau de bord">
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        {select('programme', 'Programme', (options?.programmes ?? []).map((p) => ({ value: p.code, label: p.name })), 'Tous les programmes')}
        {select('measure', 'Dispositif', measures.map((m) => ({ value: m.code, label: m.name })), 'Tous les dispositifs')}
        {select('funder', 'Financeur', (options?.funders ?? []).map((f) => ({ value: f.code, label: f.label })), 'Tous les financeurs')}
        {select('departement', 'Département', (options?.departements ?? []).map((d) => ({ value: d, label: d })), 'Tous les départements')}
        {select('section', 'Secteur (section NAF)', (options?.sections ?? []).map((s) => ({ value: s.code, label: `${s.code} — ${s.label}` })), 'Tous les secteurs')}
        <div className={fr.cx('fr-col-6', 'fr-col-md-4', 'fr-col-lg-3')}>
          <div className={fr.cx('fr-input-group', 'fr-mb-0')}>
            <label className={fr.cx('fr-label')} htmlFor="filtre-from">Du</label>
            <input className={fr.cx('fr-input')} type="date" id="filtre-from" name="from" value={values.from} onChange={set('from')} />
          </div>
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-4', 'fr-col-lg-3')}>
          <div className={fr.cx('fr-input-group', 'fr-mb-0')}>
            <label className={fr.cx('fr-label')} htmlFor="filtre-to">Au</label>
            <input className={fr.cx('fr-input')} type="date" id="filtre-to" name="to" value={values.to} onChange={set('to')} />
          </div>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-lg-3')} style={{ display: 'flex', alignItems: 'flex-end' }}>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
            <li><button type="submit" className={fr.cx('fr-btn')}>Filtrer</button></li>
            <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={reset}>Effacer</button></li>
          </ul>
        </div>
      </div>
    </form>
  );
}

function KpiTiles({ kpis, automotive }: { kpis: Kpi[]; automotive: Dashboard['automotive'] }) {
  if (kpis.length === 0) return <p>Aucun objectif pour cette sélection.</p>;
  return (
    <ul className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-2w')} style={{ listStyle: 'none', paddingLeft: 0 }}>
      {kpis.map((k) => (
        <li key={`${k.measureCode}-${k.indicator}`} className={fr.cx('fr-col-12', 'fr-col-sm-6', 'fr-col-lg-3')}>
          <div className="parcours-kpi">
            <p className="parcours-kpi__label">{k.label}</p>
            <p className="parcours-kpi__value">{k.masked ? <Secret /> : formatFigure(k.unit === 'hours' ? 'hours' : 'count', k.achieved)}</p>
            <Gauge percent={k.percent} />
            <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>
              objectif {formatFigure('count', k.target)}{k.percent !== null ? ` — ${formatFigure('percent', k.percent)}` : ''}<br />
              <span className={fr.cx('fr-text--xs')}>{k.measureCode}</span>
            </p>
          </div>
        </li>
      ))}
      <li className={fr.cx('fr-col-12', 'fr-col-sm-6', 'fr-col-lg-3')}>
        <div className="parcours-kpi">
          <p className="parcours-kpi__label">Part de l’industrie automobile (NAF 29) parmi les entreprises aidées</p>
          <p className="parcours-kpi__value">{automotive.share === null ? '—' : formatFigure('percent', automotive.share)}</p>
          <Gauge percent={automotive.share} />
          <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>{formatFigure('count', automotive.companies)} entreprise(s) — suivi de la diversification</p>
        </div>
      </li>
    </ul>
  );
}

function DataTable({ table }: { table: SteeringTable }) {
  const rows = [...table.rows, ...(table.total ? [table.total] : [])];
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered', 'fr-mb-1w') + ' parcours-steering-table'}>
      <div className="fr-table__wrapper"><div className="fr-table__container"><div className="fr-table__content">
        <table>
          <caption className={fr.cx('fr-sr-only')}>Données : {table.title}</caption>
          <thead>
            <tr>
              <th scope="col">{table.dimension}</th>
              {table.columns.map((c) => <th key={c.key} scope="col" className="parcours-numeric">{c.label}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && <tr><td colSpan={table.columns.length + 1}>Aucune donnée pour cette sélection.</td></tr>}
            {rows.map((r) => (
              <tr key={r.key} className={r.key === 'total' ? 'parcours-total' : undefined}>
                <th scope="row" style={{ fontWeight: r.key === 'total' ? 700 : 400 }}>{r.label}</th>
                {table.columns.map((c) => (
                  <td key={c.key} className="parcours-numeric">{r.masked.includes(c.key) ? <Secret /> : formatFigure(c.unit, r.values[c.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div></div></div>
    </div>
  );
}

function TableSection({ table, query }: { table: SteeringTable; query: string }) {
  const headingId = `tableau-${table.id}`;
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/steering/tables/${table.id}/export?format=${format}${query ? `&${query}` : ''}`;
  const hasData = table.rows.some((r) => table.chart.columns.some((c) => (r.values[c] ?? 0) > 0 || r.masked.includes(c)));
  return (
    <section className="parcours-steering-section" aria-labelledby={headingId}>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--middle', 'fr-mb-1w')} style={{ justifyContent: 'space-between', gap: '0.5rem' }}>
        <h3 id={headingId} className={fr.cx('fr-h5', 'fr-mb-0')}>{table.title}</h3>
        {!table.withheld && <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm', 'fr-btns-group--icon-left')} style={{ margin: 0 }}>
          <li><a className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-download-line', 'fr-mb-0')} href={exportUrl('csv')} download>CSV<span className={fr.cx('fr-sr-only')}> : {table.title}</span></a></li>
          <li><a className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-download-line', 'fr-mb-0')} href={exportUrl('xlsx')} download>XLSX<span className={fr.cx('fr-sr-only')}> : {table.title}</span></a></li>
        </ul>}
      </div>
      {table.withheld && <div className={fr.cx('fr-callout', 'fr-mb-2w')}><p className={fr.cx('fr-callout__text', 'fr-text--md')}>{table.withheld}</p></div>}
      {!table.withheld && hasData && table.chart.kind === 'lines' && <LineChart table={table} />}
      {!table.withheld && hasData && (table.chart.kind === 'bars' || table.chart.kind === 'columns') && <BarChart table={table} />}
      {!table.withheld && <DataTable table={table} />}
      {!table.withheld && table.notes.map((note) => <p key={note} className={fr.cx('fr-text--sm', 'fr-mb-1w')}>{note}</p>)}
    </section>
  );
}

function ReportPanel({ filters }: { filters: Record<string, string> }) {
  const [jobId, setJobId] = useState<number | null>(null);
  const [result, setResult] = useState<ReportResult | null>(null);
  const start = useMutation(() => api.post<{ jobId: number }>('/api/steering/report', { filters }));
  const launch = async () => {
    setResult(null);
    const started = await start.run();
    if (started) setJobId(started.jobId);
  };
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mb-4w') + ' parcours-panel'} aria-labelledby="rapport-titre" style={{ border: '1px solid var(--border-default-grey)' }}>
      <h2 id="rapport-titre" className={fr.cx('fr-h5')}>Rapport à la conférence plénière</h2>
      <p className={fr.cx('fr-text--sm')}>Le rapport PDF reprend les indicateurs ci-dessous avec les filtres choisis, leurs graphiques et tableaux, et une page de bilan de l’Acte I.</p>
      <button type="button" className={fr.cx('fr-btn', 'fr-icon-file-pdf-line', 'fr-btn--icon-left', 'fr-mb-2w')} onClick={launch} disabled={start.pending || (jobId !== null && !result)}>
        Générer le rapport PDF
      </button>
      {start.error && <ErrorAlert error={start.error} />}
      {jobId !== null && <JobProgress<ReportResult> key={jobId} jobId={jobId} label="Production du rapport" intervalMs={700} onDone={(job: Job<ReportResult>) => setResult(job.result)} />}
      {result && (
        <p className={fr.cx('fr-mt-2w', 'fr-mb-0')}>
          <a className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')} href={result.downloadUrl} download={result.filename}>
            Télécharger le rapport ({result.filename})
          </a>
        </p>
      )}
    </section>
  );
}

const GROUPS: { tab: string; title: string; ids: string[] }[] = [
  { tab: 'objectifs', title: 'Objectifs et réalisations', ids: ['targets'] },
  { tab: 'financements', title: 'Financements', ids: ['money'] },
  { tab: 'entreprises', title: 'Entreprises aidées', ids: ['companiesBySize', 'companiesBySection', 'companiesByDivision'] },
  { tab: 'territoire', title: 'Territoire', ids: ['territory', 'territoryByArea', 'companiesByArea'] },
  { tab: 'personnes', title: 'Personnes touchées (FSE)', ids: ['peopleBySex', 'peopleByAgeFse2007', 'peopleByAgeFse2014', 'peopleBySituation', 'peopleByQualification'] },
  { tab: 'tendances', title: 'Tendances et délais', ids: ['trends', 'processing'] },
  { tab: 'suites', title: 'Suites de parcours', ids: ['outcomes'] },
];
const TAB_PARAM = 'onglet';

export function SteeringPage() {
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<FilterKey, string>;
  const filters = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== ''));
  const query = new URLSearchParams(filters).toString();
  const { data, error, loading, reload } = useApi<DashboardResponse>('/api/steering/dashboard', filters);
  const tab = GROUPS.find((g) => g.tab === params.get(TAB_PARAM))?.tab ?? GROUPS[0].tab;
  const withTab = (values: Record<string, string>, next = tab) => (next === GROUPS[0].tab ? values : { ...values, [TAB_PARAM]: next });
  const apply = (values: Record<FilterKey, string>) => setParams(withTab(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''))));
  const group = GROUPS.find((g) => g.tab === tab)!;

  return (
    <Page title="Pilotage" actions={<Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-line-chart-line', 'fr-btn--icon-left')} to="/observatoire">Observatoire (Acte III)</Link>} lead="Objectifs et réalisations, financements, entreprises, territoires et personnes touchées : chiffres agrégés pour la conférence plénière.">
      <FilterBar key={query} options={data?.options} current={current} onApply={apply} />
      {error && <ErrorAlert error={error} onRetry={reload} title={error.isForbidden ? 'Accès réservé' : undefined} />}
      {loading && !data && <Loading label="Calcul des indicateurs…" />}
      {data && (
        <div aria-busy={loading}>
          <div className={fr.cx('fr-callout', 'fr-mb-4w')}>
            <h2 className={fr.cx('fr-callout__title', 'fr-h6')}>Sélection</h2>
            <ul className={fr.cx('fr-callout__text', 'fr-text--sm')}>{data.filterLines.map((l) => <li key={l}>{l}</li>)}</ul>
            <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>
              <strong>Secret statistique</strong> : {data.privacy.rule} Chiffres calculés le {formatDateFr(data.generatedAt, 'withTime')}.
            </p>
            {!data.freshness.current && (
              <p className={fr.cx('fr-text--sm', 'fr-mb-0', 'fr-mt-1w')} role="status">
                Des changements plus récents sont en cours de prise en compte : rechargez la page dans quelques instants pour les voir.{' '}
                <button type="button" className={fr.cx('fr-link', 'fr-text--sm')} onClick={reload}>Recharger les chiffres</button>
              </p>
            )}
            {data.notes.map((n) => <p key={n} className={fr.cx('fr-text--sm', 'fr-mb-0', 'fr-mt-1w')}>{n}</p>)}
          </div>
          <ReportPanel filters={filters} />
          <Tabs label="Thèmes du tableau de bord" className={fr.cx('fr-mb-4w')} selectedTabId={tab}
            tabs={GROUPS.map((g) => ({ tabId: g.tab, label: g.title }))}
            onTabChange={(next) => setParams(withTab(filters, next), { replace: true })}>
            <h2 className={fr.cx('fr-h4', 'fr-mb-2w')}>{group.title}</h2>
            {group.tab === 'objectifs' && <KpiTiles kpis={data.kpis} automotive={data.automotive} />}
            {group.ids.map((id) => data.tables.find((t) => t.id === id)).filter((t): t is SteeringTable => !!t)
              .map((t) => <TableSection key={t.id} table={t} query={query} />)}
          </Tabs>
        </div>
      )}
    </Page>
  );
}
