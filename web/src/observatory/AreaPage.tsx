import { useState } from 'react';
import { Link, NavLink, useParams, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { Money, formatNumber } from '../components/format.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { EMPLOYMENT_AREAS, employmentAreaLabel } from '../../../src/shared/employmentAreas.js';
import { ObservatoryNav, OBSERVATORY } from './ObservatoryNav.js';
import { CountCell, FactorBadge, numberText, PeopleCell, percentText, SyntheticBadge, tensionText } from './format.js';
import { Sparkline, TensionBars } from './charts.js';
import { PreparePlan } from './PreparePlan.js';
import { DiagnosticSection } from './DiagnosticSection.js';
import type { Overview, ParadoxResponse, TensionResponse, WaysOutResponse } from './types.js';
import './observatory.css';

const VIEWS = [
  { key: 'tension', path: '', label: 'Tension par métier' },
  { key: 'paradox', path: 'paradoxe', label: 'Paradoxe du chômage' },
  { key: 'waysOut', path: 'sorties-auto', label: 'Sorties du « tout auto »' },
  { key: 'diagnostic', path: 'diagnostic', label: 'Diagnostic territorial' },
] as const;

const FACTORS = [['hiringIntensity', 'Intensité d’embauche'], ['lackOfLabour', 'Manque de main-d’œuvre'], ['nonDurable', 'Emploi non durable'], ['geographicMismatch', 'Décalage géographique']] as const;

function ExportLinks({ view, area, year, label }: { view: string; area: string; year: number; label: string }) {
  const href = (format: string) => `/api/observatory/${view}/export?format=${format}&area=${area}&year=${year}`;
  return (
    <p className={fr.cx('fr-text--sm')}>
      <a className={fr.cx('fr-link', 'fr-link--sm', 'fr-icon-download-line', 'fr-link--icon-left', 'fr-mr-2w')} href={href('csv')}>CSV : {label}</a>
      <a className={fr.cx('fr-link', 'fr-link--sm', 'fr-icon-download-line', 'fr-link--icon-left')} href={href('xlsx')}>XLSX : {label}</a>
    </p>
  );
}

function TensionView({ area, year }: { area: string; year: number | undefined }) {
  const { data, error, loading, reload } = useApi<TensionResponse>(`/api/observatory/areas/${area}/tension`, { year });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const title = `Tension par métier — ${data.areaLabel}, ${data.year}`;
  return (
    <section aria-labelledby="titre-tension">
      <SyntheticBadge synthetic={data.synthetic} />
      <h2 id="titre-tension" className={fr.cx('fr-h4')}>{title}</h2>
      <TensionBars title={title} rows={data.rows.map((r) => ({ key: r.fap, label: r.label, tension: r.tension }))} />
      <TableFrame caption={`${title} : composantes, facteurs et tendance`}
        head={<><th scope="col" className="parcours-obs-job">Métier (FAP)</th><th scope="col" className="parcours-numeric">Projets</th><th scope="col" className="parcours-numeric">Dont difficiles</th><th scope="col" className="parcours-numeric">Part difficile</th>
          <th scope="col" className="parcours-numeric">Demandeurs (cat. A)</th><th scope="col" className="parcours-numeric">Offres</th><th scope="col" className="parcours-numeric">Tension</th>
          <th scope="col">Facteurs (1 à 5)</th><th scope="col">Tendance {data.years[0]}–{data.years[data.years.length - 1]}</th></>}>
        {data.rows.map((r) => (
          <tr key={r.fap}>
            <th scope="row">{r.label} <span className={fr.cx('fr-text--xs')}>({r.fap})</span></th>
            <td className="parcours-numeric"><CountCell count={r.projects} /></td>
            <td className="parcours-numeric"><CountCell count={r.difficult} /></td>
            <td className="parcours-numeric">{percentText(r.difficultShareBp)}</td>
            <td className="parcours-numeric">{numberText(r.seekersA)}</td>
            <td className="parcours-numeric">{numberText(r.offers)}</td>
            <td className="parcours-numeric"><strong>{tensionText(r.tension)}</strong></td>
            <td><ul className="parcours-obs-factors">{FACTORS.map(([k, l]) => <li key={k}>{l} <FactorBadge value={r.factors[k]} label={l} /></li>)}</ul></td>
            <td><span className="parcours-obs-trend"><Sparkline values={r.trend.map((t) => t.tension)} /></span><br /><span className="fr-text--xs">{r.trend.map((t) => `${t.year} : ${tensionText(t.tension)}`).join(' · ')}</span></td>
          </tr>
        ))}
      </TableFrame>
      <ExportLinks view="tension" area={area} year={data.year} label="tension par métier" />
    </section>
  );
}

function ParadoxView({ area, year, mayWrite }: { area: string; year: number | undefined; mayWrite: boolean }) {
  const { data, error, loading, reload } = useApi<ParadoxResponse>(`/api/observatory/areas/${area}/paradox`, { year });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const t = data.thresholds;
  return (
    <section aria-labelledby="titre-paradoxe">
      <SyntheticBadge synthetic={data.synthetic} />
      <h2 id="titre-paradoxe" className={fr.cx('fr-h4')}>Paradoxe du chômage — {data.areaLabel}, {data.year}</h2>
      <p>Métiers dont au moins {Math.round(t.minDifficultBp / 100)} % des projets de recrutement sont jugés difficiles (sur au moins {t.minProjects} projets) alors que la zone compte au moins {t.minSeekers} demandeurs d’emploi de catégorie A pour ces métiers. Une valeur secrète ne fait jamais entrer ni sortir un métier de la liste.</p>
      {data.rows.length === 0 ? <p><em>Aucun métier en paradoxe cette année.</em></p> : (
        <TableFrame caption={`Métiers en paradoxe à ${data.areaLabel} et ce que le partenariat a déjà financé`}
          head={<><th scope="col" className="parcours-obs-job">Métier</th><th scope="col" className="parcours-numeric">Projets</th><th scope="col" className="parcours-numeric">Part difficile</th><th scope="col" className="parcours-numeric">Demandeurs (cat. A)</th>
            <th scope="col" className="parcours-numeric">Demandeurs par projet difficile</th><th scope="col" className="parcours-numeric">Demandes financées</th><th scope="col" className="parcours-numeric">Salariés formés</th>
            <th scope="col" className="parcours-numeric">Engagé</th><th scope="col" className="parcours-numeric">Parcours intérimaires</th><th scope="col" className="parcours-numeric">Actions préparées</th>{mayWrite && <th scope="col">Agir</th>}</>}>
          {data.rows.map((r) => (
            <tr key={r.fap}>
              <th scope="row" className="parcours-obs-job">{r.label}<br /><span className={fr.cx('fr-text--xs')}>ROME : {r.romes.slice(0, 3).map((x) => x.code).join(', ')}{r.romes.length > 3 ? '…' : ''}</span></th>
              <td className="parcours-numeric"><CountCell count={r.projects} /></td>
              <td className="parcours-numeric">{percentText(r.difficultShareBp)}</td>
              <td className="parcours-numeric">{numberText(r.seekersA)}</td>
              <td className="parcours-numeric">{tensionText(r.seekersPerDifficult)}</td>
              <td className="parcours-numeric">{formatNumber(r.financed.requests)}</td>
              <td className="parcours-numeric"><PeopleCell count={r.financed.trainees} /></td>
              <td className="parcours-numeric"><Money cents={r.financed.committedCents} /></td>
              <td className="parcours-numeric">{formatNumber(r.financed.pathways)}</td>
              <td className="parcours-numeric">{formatNumber(r.financed.plans)}</td>
              {mayWrite && <td>{r.romes[0] && <PreparePlan area={area} romeCode={r.romes.find((x) => x.code)!.code} label={r.label} onDone={reload} />}</td>}
            </tr>
          ))}
        </TableFrame>
      )}
      <p className={fr.cx('fr-text--sm')}>« Demandes financées » : demandes accordées de la zone dont le secteur (code NAF) recrute surtout ces métiers ; « parcours intérimaires » : parcours dont une période porte sur l’un de ces métiers (code ROME).</p>
      <ExportLinks view="paradox" area={area} year={data.year} label="paradoxe" />
    </section>
  );
}

function WaysOutView({ area, year, mayWrite }: { area: string; year: number | undefined; mayWrite: boolean }) {
  const { data, error, loading, reload } = useApi<WaysOutResponse>(`/api/observatory/areas/${area}/ways-out`, { year });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <section aria-labelledby="titre-sorties">
      <SyntheticBadge synthetic={data.synthetic} />
      <h2 id="titre-sorties" className={fr.cx('fr-h4')}>Sorties du « tout auto » — {data.areaLabel}, {data.year}</h2>
      <p>Pour chaque métier que recrute l’industrie automobile (division NAF 29 et ses fournisseurs), les métiers vers lesquels le ROME indique une mobilité, classés par leur tension dans la zone. Un débouché « en tension » a une tension au-dessus de la moyenne de référence.</p>
      {data.jobs.map((j) => (
        <div key={j.rome} className={fr.cx('fr-mb-4w')}>
          <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>{j.label} ({j.rome}) — {j.waysOut} débouché{j.waysOut > 1 ? 's' : ''} en tension</h3>
          <TableFrame caption={`Métiers cibles depuis ${j.label} à ${data.areaLabel}`} hideCaption
            head={<><th scope="col">Métier cible</th><th scope="col">Mobilité</th><th scope="col" className="parcours-numeric">Tension</th><th scope="col" className="parcours-numeric">Part difficile</th><th scope="col" className="parcours-numeric">Projets</th><th scope="col">Débouché</th>{mayWrite && <th scope="col">Agir</th>}</>}>
            {j.targets.map((t) => (
              <tr key={t.target}>
                <th scope="row">{t.label} <span className={fr.cx('fr-text--xs')}>({t.target})</span></th>
                <td>{t.kind === 1 ? 'proche' : 'si évolution'}</td>
                <td className="parcours-numeric"><strong>{tensionText(t.tension)}</strong></td>
                <td className="parcours-numeric">{percentText(t.difficultShareBp)}</td>
                <td className="parcours-numeric"><CountCell count={t.projects} /></td>
                <td>{t.isWayOut ? <span className={fr.cx('fr-badge', 'fr-badge--sm', 'fr-badge--success')}>en tension</span> : '—'}{t.plans > 0 && <span className={fr.cx('fr-text--xs')}> · {t.plans} action{t.plans > 1 ? 's' : ''} préparée{t.plans > 1 ? 's' : ''}</span>}</td>
                {mayWrite && <td>{t.isWayOut && <PreparePlan area={area} romeCode={t.target} label={t.label} sourceRomeCode={j.rome} onDone={reload} />}</td>}
              </tr>
            ))}
          </TableFrame>
        </div>
      ))}
      <ExportLinks view="waysOut" area={area} year={data.year} label="sorties du « tout auto »" />
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Indice de dépendance automobile</h3>
      <TableFrame hideCaption caption={`Part de l’automobile dans l’activité du partenariat à ${data.areaLabel}, par année`}
        head={<><th scope="col">Année</th><th scope="col" className="parcours-numeric">Entreprises aidées</th><th scope="col" className="parcours-numeric">Part automobile des entreprises</th><th scope="col" className="parcours-numeric">Part des salariés formés</th><th scope="col" className="parcours-numeric">Part des embauches en C.Pro</th></>}>
        {data.dependency.map((d) => (
          <tr key={d.year}>
            <th scope="row">{d.year}</th>
            <td className="parcours-numeric">{formatNumber(d.companies)}</td>
            <td className="parcours-numeric">{percentText(d.companiesBp)}</td>
            <td className="parcours-numeric">{d.traineesMasked ? <abbr className="parcours-secret" title="secret statistique : moins de 5 personnes">&lt; 5</abbr> : percentText(d.traineesBp)}</td>
            <td className="parcours-numeric">{d.hiringsMasked ? <abbr className="parcours-secret" title="secret statistique : moins de 5 personnes">&lt; 5</abbr> : percentText(d.hiringsBp)}</td>
          </tr>
        ))}
      </TableFrame>
    </section>
  );
}

/** /observatoire/zones/:area[/paradoxe|/sorties-auto|/diagnostic]. */
export function AreaPage({ view }: { view: (typeof VIEWS)[number]['key'] }) {
  const { area = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const overview = useApi<Overview>('/api/observatory');
  const [year, setYear] = useState<number | undefined>(search.get('annee') ? Number(search.get('annee')) : undefined);
  const known = EMPLOYMENT_AREAS.some((a) => a.code === area);
  const label = employmentAreaLabel(area);
  const current = VIEWS.find((v) => v.key === view)!;
  const mayWrite = overview.data?.may.write ?? false;
  return (
    <Page title={`${label} — ${current.label}`} breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }, OBSERVATORY]}>
      <ObservatoryNav />
      {!known ? <p>Zone d’emploi inconnue. <Link to="/observatoire">Choisir une zone</Link></p> : (
        <>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-2w')}>
            <nav aria-label={`Vues de la zone ${label}`} className={fr.cx('fr-col-12', 'fr-col-md-8')}>
              <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-sm', 'fr-btns-group--sm')}>
                {VIEWS.map((v) => (
                  <li key={v.key}><NavLink end to={`/observatoire/zones/${area}${v.path ? `/${v.path}` : ''}${year ? `?annee=${year}` : ''}`} className={({ isActive }) => fr.cx('fr-btn', isActive ? undefined : 'fr-btn--secondary')}>{v.label}</NavLink></li>
                ))}
              </ul>
            </nav>
            {view !== 'diagnostic' && overview.data && (
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <div className={fr.cx('fr-select-group')}>
                  <label className={fr.cx('fr-label')} htmlFor="obs-annee">Année de l’enquête</label>
                  <select className={fr.cx('fr-select')} id="obs-annee" value={year ?? overview.data.year ?? ''}
                    onChange={(e) => { const y = Number(e.target.value); setYear(y); setSearch({ annee: String(y) }); }}>
                    {overview.data.years.map((y) => <option key={y} value={y}>{y}</option>)}
                  </select>
                </div>
              </div>
            )}
          </div>
          {view === 'tension' && <TensionView area={area} year={year} />}
          {view === 'paradox' && <ParadoxView area={area} year={year} mayWrite={mayWrite} />}
          {view === 'waysOut' && <WaysOutView area={area} year={year} mayWrite={mayWrite} />}
          {view === 'diagnostic' && <DiagnosticSection area={area} mayWrite={mayWrite} />}
        </>
      )}
    </Page>
  );
}
