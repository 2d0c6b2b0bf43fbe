import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, FlashNotice, Loading, Notice, StatusBadge } from '../../components/feedback.js';
import { DateField, Form, SelectField } from '../../components/forms.js';
import { DateFr, Money, formatDateFr, formatEuros } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { Timeline } from '../../components/Timeline.js';
import { TEMP_EXIT_OUTCOMES, TEMP_EXIT_OUTCOME_LABELS } from '../../../../src/tempPathways/rules/outcome.js';
import { FUNDER_LABELS, type Funder } from '../../../../src/programmes/funders.js';
import { ACTE_II_CRUMB, Details, HISTORY_ACTIONS, IssuesList, KeyFigures, PATHWAYS_CRUMB, hoursText, level2019Text } from '../common.js';
import { PathwayTimeline } from './PathwayTimeline.js';
import type { Pathway } from './types.js';

/** /acte-ii/parcours/:id */
export function PathwayDetailPage() {
  const { id } = useParams();
  const { data: p, error, loading, reload, setData } = useApi<Pathway>(`/api/temp-pathways/${id}`);
  if (loading && !p) return <Page title="Parcours intérimaire" breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}><Loading /></Page>;
  if (error || !p) return <Page title="Parcours intérimaire" breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}>{error && <ErrorAlert error={error} onRetry={reload} />}</Page>;
  const w = p.worker;
  return (
    <Page title={`Parcours ${p.reference}`} breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}
      lead={`${w.firstName} ${w.lastName} — ${p.agencyName ?? ''}, entrée le ${formatDateFr(p.entryDate)}`}
      actions={p.canEdit && <Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-edit-line', 'fr-btn--icon-left')} to={`/acte-ii/parcours/${p.id}/modifier`}>Modifier</Link>}>
      <FlashNotice />
      <IssuesList issues={p.issues} />
      <KeyFigures label="Chiffres du parcours" items={[
        { label: 'Polyvalence', value: `${p.versatility} métier(s)` },
        { label: 'Heures de formation', value: hoursText(p.totals.trainingHours) },
        { label: 'Heures de mission', value: hoursText(p.totals.missionHours) },
        { label: 'Périodes', value: `${p.totals.trainingCount} formation(s), ${p.totals.missionCount} mission(s)` },
        { label: 'Coût', value: <Money cents={p.totals.costCents} /> },
        { label: 'Financé', value: <Money cents={p.financedCents} /> },
      ]} />

      <section aria-labelledby="chronologie" className={fr.cx('fr-mb-4w')}>
        <h2 id="chronologie">Chronologie du parcours</h2>
        <PathwayTimeline periods={p.periods} />
        <p className={fr.cx('fr-text--sm')}>Métiers exercés ou visés (ROME) : {p.romeCodes.length ? p.romeCodes.join(', ') : 'aucun'}.</p>
      </section>

      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="interimaire">
          <h2 id="interimaire" className={fr.cx('fr-h4')}>Intérimaire</h2>
          <Details items={[
            ['Nom', `${w.firstName} ${w.lastName}`],
            ['Sexe', w.sex === 'F' ? 'Femme' : 'Homme'],
            ['Naissance', <DateFr value={w.birthDate} />],
            ['Niveau', `${w.level} (${w.routeLabel}) — ${level2019Text(w.level)}`],
            ['Diplôme professionnel', w.hasVocationalDiploma ? 'Oui' : 'Non'],
            ['Éligibilité', p.eligibility.eligible
              ? <StatusBadge label={p.eligibility.ground === 'infraV' ? 'Éligible : infra V' : 'Éligible : niveau V général'} severity="success" />
              : <>{<StatusBadge label="Non éligible" severity="error" />} {p.eligibility.issues.map((i) => i.message).join(' ')}</>],
          ]} />
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="financement">
          <h2 id="financement" className={fr.cx('fr-h4')}>Financement</h2>
          {p.fundingLines.length ? (
            <div className={fr.cx('fr-table', 'fr-table--no-caption')}>
              <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label="Lignes de financement"><div className={fr.cx('fr-table__content')}>
                <table>
                  <caption>Lignes de financement</caption>
                  <thead><tr><th scope="col">Financeur</th><th scope="col" className="parcours-numeric">Montant</th></tr></thead>
                  <tbody>{p.fundingLines.map((l) => <tr key={l.id}><th scope="row">{FUNDER_LABELS[l.funder as Funder] ?? l.funder}</th><td className="parcours-numeric"><Money cents={l.amountCents} /></td></tr>)}</tbody>
                </table>
              </div></div></div>
            </div>
          ) : <p>Aucune ligne de financement.</p>}
        </section>
      </div>

      <section aria-labelledby="periodes" className={fr.cx('fr-mt-4w')}>
        <h2 id="periodes">Périodes</h2>
        <div className={fr.cx('fr-table', 'fr-table--no-caption')}>
          <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-label="Périodes du parcours dans l’ordre"><div className={fr.cx('fr-table__content')}>
            <table>
              <caption>Périodes du parcours dans l’ordre</caption>
              <thead><tr><th scope="col">N°</th><th scope="col">Type</th><th scope="col">Du</th><th scope="col">Au</th><th scope="col" className="parcours-numeric">Heures</th>
                <th scope="col">Métier ROME</th><th scope="col">Organisme ou entreprise</th><th scope="col" className="parcours-numeric">Coût</th></tr></thead>
              <tbody>
                {p.periods.map((x, i) => (
                  <tr key={x.id ?? i}>
                    <th scope="row">{i + 1}</th>
                    <td>{x.kind === 'training' ? 'Formation' : 'Mission'}</td>
                    <td><DateFr value={x.start} style="short" /></td>
                    <td><DateFr value={x.end} style="short" /></td>
                    <td className="parcours-numeric">{hoursText(x.hours)}</td>
                    <td>{x.romeCode ? `${x.romeCode}${x.romeLabel ? ` — ${x.romeLabel}` : ''}` : '—'}</td>
                    <td>{x.kind === 'training' ? [x.providerName, x.targetedQualification].filter(Boolean).join(' — ') || '—' : x.userCompany ?? '—'}</td>
                    <td className="parcours-numeric"><Money cents={x.costCents} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div></div></div>
        </div>
      </section>

      <ExitSection pathway={p} onSaved={setData} />

      <section aria-labelledby="historique" className={fr.cx('fr-mt-6w')}>
        <h2 id="historique">Historique</h2>
        <Timeline events={p.history} actionLabels={HISTORY_ACTIONS}
          fieldLabels={{ exitDate: 'Sortie', outcome: 'Situation de sortie', worker: 'Intérimaire', entryDate: 'Entrée', periods: 'Périodes', financing: 'Financement', warnings: 'Points de vigilance', demo: 'Données de démonstration' }}
          renderValue={(k, v) => {
            if (k === 'outcome' && typeof v === 'string') return TEMP_EXIT_OUTCOME_LABELS[v as never];
            if (k === 'financing' && v && typeof v === 'object') return Object.entries(v as Record<string, number>).map(([f, c]) => `${f} ${formatEuros(c)}`).join(', ');
            return undefined;
          }} />
      </section>
    </Page>
  );
}

function ExitSection({ pathway: p, onSaved }: { pathway: Pathway; onSaved: (p: Pathway) => void }) {
  const [exitDate, setExitDate] = useState(p.exitDate ?? '');
  const [outcome, setOutcome] = useState(p.outcome ?? '');
  const [done, setDone] = useState<string | undefined>();
  const save = useMutation(async () => {
    const saved = await api.patch<Pathway>(`/api/temp-pathways/${p.id}/exit`, { version: p.version, exitDate: exitDate || undefined, outcome: outcome || undefined });
    onSaved(saved);
    setDone('Sortie du parcours enregistrée.');
  });
  return (
    <section aria-labelledby="sortie" className={fr.cx('fr-mt-6w')}>
      <h2 id="sortie">Sortie du parcours</h2>
      {p.exitDate ? <p>Sorti le <DateFr value={p.exitDate} /> : <strong>{p.outcomeLabel}</strong>.</p> : <p>Le parcours est en cours.</p>}
      {done && <Notice message={done} onClose={() => setDone(undefined)} />}
      {p.canEdit && (
        <div className="parcours-acte2-panel">
          <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer la sortie" ariaLabel="Sortie du parcours">
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="exitDate" label="Date de sortie" required value={exitDate} onChange={setExitDate} /></div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <SelectField name="outcome" label="Situation à la sortie" required value={outcome} onChange={setOutcome}
                  options={TEMP_EXIT_OUTCOMES.map((o) => ({ value: o, label: TEMP_EXIT_OUTCOME_LABELS[o] }))} placeholder="Choisir" />
              </div>
            </div>
          </Form>
        </div>
      )}
    </section>
  );
}
