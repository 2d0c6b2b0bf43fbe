import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../../api/useApi.js';
import { DataList } from '../../components/DataList.js';
import { ErrorAlert, FlashNotice, Loading, StatusBadge } from '../../components/feedback.js';
import { DateFr, Money, formatDateFr, formatNumber } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { TEMP_EXIT_OUTCOMES, TEMP_EXIT_OUTCOME_LABELS } from '../../../../src/tempPathways/rules/outcome.js';
import { ACTE_II_CRUMB, CountersOnlyNotice, KeyFigures, TargetProgress, hoursText, levelOptions, useActeIIAccess } from '../common.js';
import type { Envelope, PathwayCounters, PathwayRow } from './types.js';

export function PathwayCountersPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { data, error, loading, reload } = useApi<PathwayCounters>('/api/temp-pathways/counters');
  const H = `h${headingLevel}` as 'h2';
  if (loading && !data) return <Loading label="Chargement des compteurs…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <section aria-labelledby="compteurs-parcours" className={fr.cx('fr-mb-4w')}>
      <H id="compteurs-parcours" className={fr.cx('fr-h4')}>Avancement des parcours intérimaires</H>
      <TargetProgress label="Parcours engagés" done={data.total} target={data.target} />
      <KeyFigures label="Chiffres clés des parcours" items={[
        { label: 'Expérimentation', value: `${formatDateFr(data.experimentStart, 'short')} – ${formatDateFr(data.experimentEnd, 'short')}` },
        { label: 'En cours', value: formatNumber(data.running) },
        { label: 'Sortis', value: formatNumber(data.exited) },
        { label: 'Polyvalence moyenne', value: `${data.averageVersatility.toLocaleString('fr-FR')} métier(s)` },
        { label: 'Heures de formation', value: hoursText(data.trainingHours) },
        { label: 'Heures de mission', value: hoursText(data.missionHours) },
        { label: 'Financé', value: <Money cents={data.financedCents} /> },
      ]} />
      {data.byOutcome.length > 0 && (
        <p className={fr.cx('fr-text--sm')}>Situations de sortie : {data.byOutcome.map((o) => `${o.label} ${o.count}`).join(' ; ')}.</p>
      )}
    </section>
  );
}

export function EnvelopeTable() {
  const { data, error } = useApi<Envelope>('/api/temp-pathways/envelope');
  if (error) return <ErrorAlert error={error} />;
  if (!data) return null;
  return (
    <section aria-labelledby="enveloppe-axe2" className={fr.cx('fr-mb-4w')}>
      <h2 id="enveloppe-axe2" className={fr.cx('fr-h4')}>Enveloppe de l’axe 2 par financeur</h2>
      <div className={fr.cx('fr-table')}>
        <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label="Enveloppe, montants engagés et reste par financeur"><div className={fr.cx('fr-table__content')}>
          <table>
            <caption>Enveloppe, montants engagés et reste par financeur</caption>
            <thead><tr><th scope="col">Financeur</th><th scope="col" className="parcours-numeric">Enveloppe</th><th scope="col" className="parcours-numeric">Engagé</th><th scope="col" className="parcours-numeric">Reste</th></tr></thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.envelopeId}>
                  <th scope="row">{e.funder}{e.overcommitted && <> <StatusBadge label="Dépassée" severity="error" /></>}</th>
                  <td className="parcours-numeric"><Money cents={e.envelopeCents} /></td>
                  <td className="parcours-numeric"><Money cents={e.committedCents} /></td>
                  <td className="parcours-numeric"><Money cents={e.remainingCents} /></td>
                </tr>
              ))}
              <tr>
                <th scope="row">Total</th>
                <td className="parcours-numeric"><strong><Money cents={data.totals.envelopeCents} /></strong></td>
                <td className="parcours-numeric"><strong><Money cents={data.totals.committedCents} /></strong></td>
                <td className="parcours-numeric"><strong><Money cents={data.totals.remainingCents} /></strong></td>
              </tr>
            </tbody>
          </table>
        </div></div></div>
      </div>
    </section>
  );
}

/** /acte-ii/parcours */
export function PathwaysPage() {
  const access = useActeIIAccess();
  return (
    <Page title="Parcours intérimaires" breadcrumb={[ACTE_II_CRUMB]}
      lead="Axe 2 : 1 000 parcours alternant formation et missions d’intérim pour les moins qualifiés (infra V, ou niveau V général sans diplôme professionnel), 2010–2014."
      actions={access.pathways.write && (
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
          <li><Link className={fr.cx('fr-btn', 'fr-icon-add-line')} to="/acte-ii/parcours/nouveau">Nouveau parcours</Link></li>
          <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-upload-line')} to="/acte-ii/parcours/import">Importer</Link></li>
        </ul>
      )}>
      <FlashNotice />
      <PathwayCountersPanel />
      <EnvelopeTable />
      {access.pathways.list ? (
        <DataList<PathwayRow>
          endpoint="/api/temp-pathways"
          caption="Liste des parcours intérimaires"
          defaultSort="entryDate"
          defaultOrder="desc"
          filters={[
            { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom ou référence' },
            { name: 'level', label: 'Niveau', type: 'select', options: levelOptions, allLabel: 'Tous les niveaux' },
            { name: 'status', label: 'Statut', type: 'select', options: [{ value: 'running', label: 'En cours' }, { value: 'exited', label: 'Sortis' }], allLabel: 'Tous' },
            { name: 'outcome', label: 'Situation de sortie', type: 'select', options: TEMP_EXIT_OUTCOMES.map((o) => ({ value: o, label: TEMP_EXIT_OUTCOME_LABELS[o] })), allLabel: 'Toutes' },
            { name: 'entryFrom', label: 'Entrée à partir du', type: 'text', hint: 'AAAA-MM-JJ' },
          ]}
          columns={[
            { label: 'Référence', sort: 'reference', rowHeader: true, render: (r) => <Link to={`/acte-ii/parcours/${r.id}`}>{r.reference}</Link> },
            { label: 'Intérimaire', sort: 'lastName', render: (r) => `${r.firstName} ${r.lastName}` },
            { label: 'Agence', sort: 'agencyName', key: 'agencyName' },
            { label: 'Niveau', key: 'level1969' },
            { label: 'Entrée', sort: 'entryDate', render: (r) => <DateFr value={r.entryDate} style="short" /> },
            { label: 'Sortie', render: (r) => r.exitDate ? <>{formatDateFr(r.exitDate, 'short')}{r.outcome && <><br />{TEMP_EXIT_OUTCOME_LABELS[r.outcome as never]}</>}</> : <StatusBadge label="En cours" severity="info" /> },
            { label: 'Polyvalence', sort: 'versatility', numeric: true, render: (r) => r.versatility },
            { label: 'Formation', numeric: true, render: (r) => hoursText(r.trainingHours) },
            { label: 'Missions', numeric: true, render: (r) => hoursText(r.missionHours) },
            { label: 'Financé', sort: 'financedCents', numeric: true, render: (r) => <Money cents={r.financedCents} /> },
          ]}
        />
      ) : <CountersOnlyNotice what="parcours intérimaires" />}
    </Page>
  );
}
