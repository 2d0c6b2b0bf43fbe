import { Link, useParams, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { withQuery } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { SelectField } from '../components/forms.js';
import { formatEuros, formatNumber, Money } from '../components/format.js';
import { Page } from '../components/Page.js';
import { Secret } from '../components/Secret.js';
import { shareBasisPoints } from '../../../src/shared/money.js';
import { BarChart, colourOf, Swatch } from './BarChart.js';
import { formatBp, PROGRAMMES_CRUMB } from './labels.js';
import type { FunderShare, ProgrammeReport, PublishedReport } from './types.js';
import { TableFrame } from './TableFrame.js';
import './programmes.css';

/**
 * The seed reports the State and the European Social Fund together (the State service
 * pays both), and the companies' own share as « entreprises »: the summary does too.
 */
const SUMMARY_GROUPS: { funders: string[]; label: string }[] = [
  { funders: ['OPCA'], label: 'OPCA' },
  { funders: ['STATE', 'FSE'], label: 'État + FSE' },
  { funders: ['REGION'], label: 'Région' },
  { funders: ['FPSPP'], label: 'FPSPP' },
  { funders: ['FAFTT'], label: 'FAF.TT' },
  { funders: ['POLE_EMPLOI'], label: 'Pôle emploi' },
  { funders: ['COMPANY'], label: 'entreprises' },
];

function summaryShares(report: PublishedReport): { label: string; bp: number; cents: number }[] {
  const known = new Set(SUMMARY_GROUPS.flatMap((g) => g.funders));
  const groups = SUMMARY_GROUPS.map((g) => {
    const cents = report.byFunder.filter((f) => g.funders.includes(f.funder)).reduce((s, f) => s + f.amountCents, 0);
    return { label: g.label, cents, bp: shareBasisPoints(cents, report.totalCostCents) };
  });
  const others = report.byFunder.filter((f) => !known.has(f.funder)).map((f) => ({ label: f.label, cents: f.amountCents, bp: f.shareBp }));
  return [...groups, ...others].filter((g) => g.cents !== 0);
}

/** /programmes/:id/rapport — the programme's report (the « tableau de l’Acte I »), for those who read the steering, under its secrecy rule. */
export function ReportPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const measureId = params.get('dispositif') ?? '';
  const { data, error, loading, reload } = useApi<ProgrammeReport>(`/api/programmes/${id}/report`, { measureId: measureId || undefined });
  const programmeCrumb = data ? { label: data.programme.name, to: `/programmes/${data.programme.id}` } : undefined;
  const title = data ? `Bilan — ${data.programme.name}` : 'Bilan du programme';
  const exportHref = (format: 'csv' | 'xlsx') => withQuery(`/api/programmes/${id}/report/export`, { format, measureId: measureId || undefined });

  return (
    <Page title={title} breadcrumb={programmeCrumb ? [PROGRAMMES_CRUMB, programmeCrumb] : [PROGRAMMES_CRUMB]}
      lead="Ce que le programme a réalisé, compté sur les demandes accordées par la cellule (puis soldées) : entreprises aidées, salariés formés, heures de formation, coût total et part de chaque financeur.">
      {loading && !data && <Loading label="Calcul du bilan…" />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && (
        <>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom', 'fr-mb-3w')}>
            {data.measures.length > 1 && (
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="dispositif" label="Dispositif" className="fr-mb-0"
                  value={measureId} placeholder="Tous les dispositifs du programme"
                  options={data.measures.map((m) => ({ value: String(m.id), label: `${m.code} — ${m.name}` }))}
                  onChange={(value) => { const next = new URLSearchParams(params); if (value) next.set('dispositif', value); else next.delete('dispositif'); setParams(next, { replace: true }); }} />
              </div>
            )}
            <div className={fr.cx('fr-col-12', 'fr-col-md')}>
              <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm', 'fr-btns-group--icon-left', 'fr-btns-group--right')}>
                <li><a className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-download-line')} href={exportHref('csv')} download>Exporter le bilan en CSV</a></li>
                <li><a className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-download-line')} href={exportHref('xlsx')} download>Exporter le bilan en XLSX</a></li>
              </ul>
            </div>
          </div>
          <Report report={data} busy={loading} />
        </>
      )}
      <p className={fr.cx('fr-mt-4w')}>
        <Link className={fr.cx('fr-link', 'fr-icon-arrow-left-line', 'fr-link--icon-left')} to={`/programmes/${id}`}>Retour au programme</Link>
      </p>
    </Page>
  );
}

function Report({ report, busy }: { report: ProgrammeReport; busy: boolean }) {
  const measure = report.measureId === null ? null : report.measures.find((m) => m.id === report.measureId);
  const scope = measure ? `${measure.code} — ${measure.name}` : 'tous les dispositifs';
  if (report.secret) {
    return (
      <div className={fr.cx('fr-callout')} aria-live="polite">
        <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Bilan couvert par le secret statistique</h2>
        <p className={fr.cx('fr-callout__text')}>Le bilan ({scope}) porte sur trop peu d’entreprises ou de salariés pour être publié. {report.rule}</p>
      </div>
    );
  }
  if (report.requestCount === 0) {
    return (
      <div className={fr.cx('fr-callout')} aria-live="polite">
        <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Aucune demande accordée</h2>
        <p className={fr.cx('fr-callout__text')}>Le bilan ({scope}) se remplira au fur et à mesure des décisions favorables de la cellule.</p>
      </div>
    );
  }
  const summary = summaryShares(report);
  const tableId = 'repartition-financeurs';
  return (
    <div aria-busy={busy || undefined}>
      <section aria-labelledby="chiffres-cles">
        <h2 id="chiffres-cles" className={fr.cx('fr-h4')}>Chiffres clés <span className={fr.cx('fr-text--md', 'fr-text--regular')}>({scope})</span></h2>
        <dl className="parcours-report-figures">
          <div><dt>Entreprises aidées</dt><dd>{formatNumber(report.companiesHelped)}</dd></div>
          <div><dt>Salariés formés</dt><dd>{report.employeesTrained === null ? <Secret /> : formatNumber(report.employeesTrained)}</dd></div>
          <div><dt>Heures de formation</dt><dd>{report.trainingHours === null ? <Secret /> : formatNumber(report.trainingHours)}</dd></div>
          <div><dt>Coût total</dt><dd>{formatEuros(report.totalCostCents)}</dd></div>
        </dl>
        <p>
          {formatNumber(report.requestCount)} demande{report.requestCount > 1 ? 's' : ''} accordée{report.requestCount > 1 ? 's' : ''}.
          {' '}Financement : {summary.map((g) => `${formatBp(g.bp)} ${g.label}`).join(', ')}.
        </p>
      </section>

      <section aria-labelledby="financeurs" className={fr.cx('fr-mt-4w')}>
        <h2 id="financeurs" className={fr.cx('fr-h4')}>Répartition par financeur</h2>
        <BarChart
          title={`Part de chaque financeur dans le coût total (${formatEuros(report.totalCostCents)})`}
          tableId={tableId}
          bars={report.byFunder.map((f) => ({ key: f.funder, label: f.label, value: f.amountCents, valueText: `${formatBp(f.shareBp)} — ${formatEuros(f.amountCents)}`, colour: colourOf(f.funder) }))}
        />
        <FunderTable report={report} tableId={tableId} />
      </section>
    </div>
  );
}

function FunderTable({ report, tableId }: { report: PublishedReport; tableId: string }) {
  const state = report.byFunder.filter((f) => f.funder === 'STATE' || f.funder === 'FSE');
  const stateCents = state.reduce((s, f) => s + f.amountCents, 0);
  const lastStateIndex = state.length === 2 ? report.byFunder.indexOf(state[1]) : -1;
  const row = (f: FunderShare) => (
    <tr key={f.funder}>
      <th scope="row"><Swatch colour={colourOf(f.funder)} />{f.label}</th>
      <td className="parcours-numeric"><Money cents={f.amountCents} /></td>
      <td className="parcours-numeric">{formatBp(f.shareBp)}</td>
    </tr>
  );
  return (
    <TableFrame id={tableId} caption="Répartition par financeur : montants accordés et part du coût total"
      head={<><th scope="col">Financeur</th><th scope="col" className="parcours-numeric">Montant</th><th scope="col" className="parcours-numeric">Part du coût total</th></>}
      foot={<>
                <tr className="parcours-total">
                  <th scope="row">Coût total</th>
                  <td className="parcours-numeric"><Money cents={report.totalCostCents} /></td>
                  <td className="parcours-numeric">{formatBp(10_000)}</td>
                </tr>
              </>}>
                {report.byFunder.flatMap((f, i) => i === lastStateIndex
                  ? [row(f), (
                    <tr key="state-subtotal" className="parcours-subtotal">
                      <th scope="row">dont État + FSE</th>
                      <td className="parcours-numeric"><Money cents={stateCents} /></td>
                      <td className="parcours-numeric">{formatBp(shareBasisPoints(stateCents, report.totalCostCents))}</td>
                    </tr>
                  )]
                  : [row(f)])}
                {report.remainderCents !== 0 && (
                  <tr>
                    <th scope="row">Reste non financé</th>
                    <td className="parcours-numeric"><Money cents={report.remainderCents} /></td>
                    <td className="parcours-numeric">{formatBp(shareBasisPoints(report.remainderCents, report.totalCostCents))}</td>
                  </tr>
                )}
              </TableFrame>
  );
}
