import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { formatNumber } from '../components/format.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { ObservatoryNav, OBSERVATORY } from './ObservatoryNav.js';
import { PeopleCell, percentText, SyntheticBadge, tensionText } from './format.js';
import type { BorderResponse } from './types.js';
import './observatory.css';

/** /observatoire/frontiere: one panel per border area. */
export function BorderPage() {
  const { data, error, loading, reload } = useApi<BorderResponse>('/api/observatory/border');
  return (
    <Page title="Frontière suisse" breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }, OBSERVATORY]}
      lead="Résidents travaillant en Suisse, frontaliers titulaires d’un permis G dans les cantons voisins, métiers en tension du côté français et stagiaires du partenariat.">
      <ObservatoryNav />
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && (
        <>
          <SyntheticBadge synthetic={data.synthetic} />
          <p className={fr.cx('fr-text--sm')}>
            <a className={fr.cx('fr-link', 'fr-link--sm', 'fr-icon-download-line', 'fr-link--icon-left', 'fr-mr-2w')} href="/api/observatory/border/export?format=csv">CSV : frontière suisse</a>
            <a className={fr.cx('fr-link', 'fr-link--sm', 'fr-icon-download-line', 'fr-link--icon-left')} href="/api/observatory/border/export?format=xlsx">XLSX : frontière suisse</a>
          </p>
          {data.panels.map((p) => {
            const last = p.residents.at(-1);
            const lastPermit = p.permits.at(-1);
            return (
              <section key={p.area} aria-labelledby={`frontiere-${p.area}`} className={fr.cx('fr-mb-6w')}>
                <h2 id={`frontiere-${p.area}`} className={fr.cx('fr-h4')}>{p.areaLabel}</h2>
                <p>
                  {last ? <>{formatNumber(last.workingInSwitzerland)} résidents travaillent en Suisse en {last.year} ({percentText(last.shareBp)} des actifs). </> : 'Pas de données de résidents. '}
                  {lastPermit && <>Permis G dans les cantons voisins ({p.cantons.map((c) => c.label).join(', ')}) : {formatNumber(lastPermit.workers)} au {lastPermit.quarter.replace('-', ' ')}. </>}
                  Stagiaires du partenariat dans la zone : <PeopleCell count={p.trainees} /> ({percentText(p.traineesShareBp)} de tous ses stagiaires).
                </p>
                <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
                  <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                    <TableFrame caption={`Résidents de ${p.areaLabel} travaillant en Suisse`}
                      head={<><th scope="col">Année</th><th scope="col" className="parcours-numeric">En Suisse</th><th scope="col" className="parcours-numeric">Actifs</th><th scope="col" className="parcours-numeric">Part</th></>}>
                      {p.residents.map((r) => <tr key={r.year}><th scope="row">{r.year}</th><td className="parcours-numeric">{formatNumber(r.workingInSwitzerland)}</td><td className="parcours-numeric">{r.labourForce === null ? '—' : formatNumber(r.labourForce)}</td><td className="parcours-numeric">{percentText(r.shareBp)}</td></tr>)}
                    </TableFrame>
                  </div>
                  <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                    <TableFrame caption={`Métiers en tension à ${p.areaLabel}`}
                      head={<><th scope="col">Métier</th><th scope="col" className="parcours-numeric">Tension</th><th scope="col" className="parcours-numeric">Part difficile</th></>}>
                      {p.tensionJobs.map((j) => <tr key={j.fap}><th scope="row">{j.label}</th><td className="parcours-numeric">{tensionText(j.tension)}</td><td className="parcours-numeric">{percentText(j.difficultShareBp)}</td></tr>)}
                    </TableFrame>
                  </div>
                </div>
                <details>
                  <summary>Série trimestrielle des permis G ({p.cantons.map((c) => c.code).join(', ')})</summary>
                  <TableFrame caption={`Frontaliers titulaires d’un permis G travaillant dans les cantons voisins de ${p.areaLabel}`}
                    head={<><th scope="col">Trimestre</th><th scope="col" className="parcours-numeric">Frontaliers</th></>}>
                    {p.permits.map((q) => <tr key={q.quarter}><th scope="row">{q.quarter.replace('-', ' ')}</th><td className="parcours-numeric">{formatNumber(q.workers)}</td></tr>)}
                  </TableFrame>
                </details>
              </section>
            );
          })}
        </>
      )}
    </Page>
  );
}
