import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs.js';
import { api } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorAlert, FlashNotice, Loading, Notice, StatusBadge } from '../components/feedback.js';
import { DateFr, formatDateFr, formatEuros, formatNumber, Money } from '../components/format.js';
import { TextAreaField } from '../components/forms.js';
import { Page } from '../components/Page.js';
import { Timeline, type TimelineEvent } from '../components/Timeline.js';
import {
  CONTRACT_TYPE_LABELS, JUSTIFICATION_LABELS, SITUATION_LABELS, SOCIO_PROFESSIONAL_LABELS,
} from '../../../src/weeklyCell/requestSchema.js';
import { derivedLevel2019, type Level1969 } from '../../../src/shared/qualification.js';
import { FUNDER_LABELS, type Funder } from '../../../src/programmes/funders.js';
import { Totals } from './Figures.js';
import {
  DECISION_BADGES, DOCUMENT_KIND_LABELS, formatNaf, HISTORY_FIELD_LABELS, REQUEST_HISTORY_LABELS, REQUEST_STATUS_BADGES, REQUESTS_CRUMB, VERDICT_LABELS,
} from './labels.js';
import { Instruction, PrivateThread } from './RequestInstruction.js';
import { FollowUp } from './RequestFollowUp.js';
import { RequestDocuments } from './RequestDocuments.js';
import { RequestThread } from './RequestThread.js';
import { employmentAreaLabel } from '../../../src/shared/employmentAreas.js';
import type { RequestDetail, Verdict } from './types.js';
import './weeklyCell.css';
import { RequestDeadlines } from './DeadlineBadges.js';

/** /demandes/:id — the request as its viewer may see it, with the actions allowed to them. */
export function RequestDetailPage() {
  const { id } = useParams();
  const { data: r, error, loading, reload, setData } = useApi<RequestDetail>(`/api/requests/${id}`);
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | undefined>();

  if (loading && !r) return <Page title="Demande" breadcrumb={[REQUESTS_CRUMB]}><Loading /></Page>;
  if (error && !r) return <Page title="Demande" breadcrumb={[REQUESTS_CRUMB]}><ErrorAlert error={error} onRetry={reload} /></Page>;
  if (!r) return null;

  const can = (action: string) => r.allowedActions.includes(action);
  /** Every action answers the updated request: show it and say what happened. */
  const updated = (message: string) => (next: RequestDetail) => { setData(next); setNotice(message); };

  const showFollowUp = r.status === 'approved' || r.status === 'closed' || r.accounts.length > 0;
  const tabs = [
    { tabId: 'dossier', label: 'Dossier' },
    { tabId: 'instruction', label: 'Instruction' },
    { tabId: 'pieces', label: 'Pièces' },
    ...(r.status !== 'draft' ? [{ tabId: 'echanges', label: 'Échanges' }] : []),
    ...(can('privateThread') ? [{ tabId: 'fil', label: 'Fil privé' }] : []),
    { tabId: 'decision', label: 'Décision' },
    ...(showFollowUp ? [{ tabId: 'suivi', label: 'Suivi' }] : []),
    { tabId: 'historique', label: 'Historique' },
  ];
  const requested = params.get('onglet') ?? '';
  const selected = tabs.some((t) => t.tabId === requested) ? requested : 'dossier';

  return (
    <Page title={`Demande ${r.reference}`} breadcrumb={[REQUESTS_CRUMB]}
      lead={<>{r.draft.company.name} — {r.measure.name}</>}
      actions={<RequestActions r={r} onChange={updated} />}>
      <FlashNotice />
      {notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}
      <div className={fr.cx('fr-mb-3w')}>
        <StatusBadge status={r.status} map={REQUEST_STATUS_BADGES} small={false} />
        {r.isImported && <span className={fr.cx('fr-ml-2w')}><StatusBadge label="Dossier importé" severity="info" /></span>}
        <p className={fr.cx('fr-text--sm', 'fr-mt-1w', 'fr-mb-0')}>
          Créée le <DateFr value={r.dates.createdAt} />{r.dates.submittedAt && <> — déposée le <DateFr value={r.dates.submittedAt} /></>}
          {r.dates.decidedAt && <> — décision le <DateFr value={r.dates.decidedAt} /></>}{r.dates.closedAt && <> — clôturée le <DateFr value={r.dates.closedAt} /></>}
        </p>
      </div>
      <KeyFigures r={r} />
      <RequestDeadlines requestId={r.id} version={r.version} maySetDeadline={can('setOpinionDeadline')} />
      {r.status === 'awaiting_information' && r.party === 'company' && (
        <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-3w')}>
          <h2 className={fr.cx('fr-alert__title')}>Des compléments vous sont demandés</h2>
          <p>Répondez dans l’onglet <button type="button" className={fr.cx('fr-link')} onClick={() => setParams({ onglet: 'instruction' })}>Instruction</button>{r.informationRequests.some((i) => !i.answeredAt) && <> après avoir joint les pièces demandées dans l’onglet <button type="button" className={fr.cx('fr-link')} onClick={() => setParams({ onglet: 'pieces' })}>Pièces</button></>}{can('edit') && <> ; vous pouvez aussi <Link to={`/demandes/${r.id}/modifier`}>modifier la demande</Link> et y répondre en une fois</>}.</p>
        </div>
      )}
      <Tabs label="Sections de la demande" tabs={tabs} selectedTabId={selected}
        onTabChange={(tabId) => setParams(tabId === 'dossier' ? {} : { onglet: tabId }, { replace: true })}>
        {selected === 'dossier' && <Dossier r={r} />}
        {selected === 'instruction' && <Instruction r={r} onChange={updated} />}
        {selected === 'pieces' && <RequestDocuments requestId={r.id} onChange={reload} />}
        {selected === 'echanges' && <RequestThread requestId={r.id} />}
        {selected === 'fil' && <PrivateThread requestId={r.id} />}
        {selected === 'decision' && <Decisions r={r} />}
        {selected === 'suivi' && <FollowUp r={r} onChange={updated} />}
        {selected === 'historique' && <History requestId={r.id} version={r.version} />}
      </Tabs>
    </Page>
  );
}

function RequestActions({ r, onChange }: { r: RequestDetail; onChange: (message: string) => (next: RequestDetail) => void }) {
  const [motivation, setMotivation] = useState('');
  const buttons = [];
  if (r.allowedActions.includes('edit')) {
    buttons.push(<li key="edit"><Link className={fr.cx('fr-btn', 'fr-icon-edit-line', 'fr-btn--icon-left')} to={`/demandes/${r.id}/modifier`}>{r.status === 'draft' ? 'Compléter et déposer' : 'Modifier la demande'}</Link></li>);
  }
  if (r.allowedActions.includes('withdraw')) {
    buttons.push(
      <li key="withdraw">
        <ConfirmButton label="Retirer la demande" size="md" title={`Retirer la demande ${r.reference} ?`} confirmLabel="Retirer définitivement"
          onConfirm={async () => { onChange('La demande a été retirée.')(await api.post<RequestDetail>(`/api/requests/${r.id}/withdraw`, { version: r.version, motivation })); }}>
          <p>Le retrait est définitif : la demande ne sera plus instruite et les partenaires en seront informés.</p>
          <TextAreaField name="motivation" id="retrait-motif" label="Motif du retrait" required rows={3} value={motivation} onChange={setMotivation} maxLength={2000} />
        </ConfirmButton>
      </li>,
    );
  }
  if (!buttons.length) return null;
  return <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--right')}>{buttons}</ul>;
}

function KeyFigures({ r }: { r: RequestDetail }) {
  const t = r.totals;
  return (
    <dl className="parcours-figures" aria-label="Chiffres clés">
      <div><dt>Stagiaires</dt><dd>{formatNumber(t.traineeCount)}</dd></div>
      <div><dt>Heures-stagiaires</dt><dd>{formatNumber(t.trainingHours)}</dd></div>
      <div><dt>Coût total</dt><dd><Money cents={t.totalCostCents} /></dd></div>
      {t.committedCents > 0 && <div><dt>Engagé</dt><dd><Money cents={t.committedCents} /></dd></div>}
      {t.paidCents > 0 && <div><dt>Versé</dt><dd><Money cents={t.paidCents} /></dd></div>}
    </dl>
  );
}

function Kv({ items }: { items: [string, React.ReactNode][] }) {
  return <dl className="parcours-kv">{items.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{v === null || v === undefined || v === '' ? '—' : v}</dd></div>)}</dl>;
}

function Dossier({ r }: { r: RequestDetail }) {
  const d = r.draft;
  const drop = d.activityDrop;
  const employeeName = (id: number) => { const e = r.employees.find((x) => x.id === id); return e ? `${e.firstName} ${e.lastName}` : `#${id}`; };
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Entreprise</h2>
      <Kv items={[
        ['Raison sociale', d.company.name], ['SIRET', d.company.siret], ['Code NAF', formatNaf(d.company.nafCode)], ['IDCC', d.company.idcc],
        ['Effectif', d.company.headcount != null ? formatNumber(d.company.headcount) : null], ['Département', d.company.departement],
        ['Zone d’emploi', d.company.employmentArea ? employmentAreaLabel(d.company.employmentArea) : null],
        ['OPCA', r.trainingFund?.name], ['Dispositif', `${r.measure.code} — ${r.measure.name}`],
      ]} />
      <h2 className={fr.cx('fr-h4')}>Baisse d’activité</h2>
      <Kv items={[
        ['Période', drop.start || drop.end ? <><DateFr value={drop.start} /> au <DateFr value={drop.end} /></> : null],
        ['Justificatif', drop.justificationKind ? JUSTIFICATION_LABELS[drop.justificationKind] : null],
        ['Référence', drop.authorisationReference],
        ['Heures d’activité partielle', drop.partialActivityHours != null ? `${formatNumber(drop.partialActivityHours)} h` : null],
        ['Maintien dans l’emploi', drop.retentionCommitmentMonths ? `${drop.retentionCommitmentMonths} mois${drop.retentionCommitment ? ` — ${drop.retentionCommitment}` : ''}` : null],
      ]} />

      <div className={fr.cx('fr-table', 'fr-table--no-scroll' as never)}>
        <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')}><div className={fr.cx('fr-table__content')}>
          <table>
            <caption className={fr.cx('fr-h4')}>Salariés concernés ({r.employees.length})</caption>
            <thead><tr><th scope="col">Nom</th><th scope="col">Naissance</th><th scope="col">Sexe</th><th scope="col">Catégorie</th><th scope="col">Niveau 1969 / 2019</th><th scope="col">Contrat</th><th scope="col">Situation</th></tr></thead>
            <tbody>
              {r.employees.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.lastName} {e.firstName}</th>
                  <td><DateFr value={e.birthDate} style="short" /></td>
                  <td>{e.sex === 'F' ? 'Femme' : 'Homme'}</td>
                  <td>{SOCIO_PROFESSIONAL_LABELS[e.socioProfessionalCategory as keyof typeof SOCIO_PROFESSIONAL_LABELS] ?? e.socioProfessionalCategory}</td>
                  <td>{e.level1969} / {e.level2019 || derivedLevel2019(e.level1969 as Level1969) || '?'}</td>
                  <td>{CONTRACT_TYPE_LABELS[e.contractType as keyof typeof CONTRACT_TYPE_LABELS] ?? e.contractType}</td>
                  <td>{SITUATION_LABELS[e.situation as keyof typeof SITUATION_LABELS] ?? e.situation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div></div></div>
      </div>

      <h2 className={fr.cx('fr-h4')}>Actions de formation ({r.actions.length})</h2>
      {r.actions.map((a, i) => (
        <div key={a.id} className={fr.cx('fr-p-2w', 'fr-mb-2w') + ' parcours-bordered'}>
          <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Action {i + 1} — {a.title}</h3>
          <Kv items={[
            ['Objectif', a.objective], ['Organisme', `${a.providerName} (SIRET ${a.providerSiret})`],
            ['Dates', <><DateFr value={a.startDate} /> au <DateFr value={a.endDate} /></>],
            ['Stagiaires', `${a.traineeCount} : ${a.traineeIds.map(employeeName).join(', ')}`],
            ['Heures', `${formatNumber(a.hoursPerTrainee)} h par stagiaire, ${formatNumber(a.trainingHours)} heures-stagiaires`],
            ['Coût pédagogique', <Money cents={a.teachingCostCents} />],
            ['Coût des salaires', <>{formatEuros(a.hourlyWageCents)} / h × {formatNumber(a.trainingHours)} h = <Money cents={a.payCostCents} /></>],
            ['Coût total', <strong><Money cents={a.totalCostCents} /></strong>],
          ]} />
        </div>
      ))}
      <Totals totals={r.totals} />

      <FundingPlan r={r} />
    </>
  );
}

function FundingPlan({ r }: { r: RequestDetail }) {
  const planned = r.fundingLines.reduce((s, l) => s + l.proposedCents, 0);
  const anyApproved = r.fundingLines.some((l) => l.approvedCents !== null);
  return (
    <div className={fr.cx('fr-table', 'fr-mt-4w')}>
      <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')}><div className={fr.cx('fr-table__content')}>
        <table>
          <caption className={fr.cx('fr-h4')}>Plan de financement</caption>
          <thead><tr><th scope="col">Financeur</th><th scope="col" className="parcours-numeric">Montant demandé</th>{anyApproved && <th scope="col" className="parcours-numeric">Montant accordé</th>}</tr></thead>
          <tbody>
            {r.fundingLines.map((l) => (
              <tr key={l.funder}><th scope="row">{l.funderLabel}</th><td className="parcours-numeric"><Money cents={l.proposedCents} /></td>{anyApproved && <td className="parcours-numeric"><Money cents={l.approvedCents} /></td>}</tr>
            ))}
            <tr><th scope="row">Total</th><td className="parcours-numeric"><strong><Money cents={planned} /></strong></td>{anyApproved && <td className="parcours-numeric"><strong><Money cents={r.fundingLines.reduce((s, l) => s + (l.approvedCents ?? 0), 0)} /></strong></td>}</tr>
            <tr><th scope="row">Reste à financer</th><td className="parcours-numeric"><Money cents={r.totals.totalCostCents - planned} /></td>{anyApproved && <td />}</tr>
          </tbody>
        </table>
      </div></div></div>
    </div>
  );
}

export function DocumentLinks({ documents }: { documents: RequestDetail['documents'] }) {
  if (!documents.length) return null;
  return (
    <ul>
      {documents.map((d) => (
        <li key={d.id}>
          <a className={fr.cx('fr-link', 'fr-icon-file-pdf-line', 'fr-link--icon-left')} href={`/api/documents/${d.id}`} target="_blank" rel="noopener">
            {DOCUMENT_KIND_LABELS[d.kind] ?? d.kind} — {d.filename}<span className={fr.cx('fr-sr-only')}> (PDF, nouvelle fenêtre)</span>
          </a>{' '}
          <span className={fr.cx('fr-text--xs')}>produit le <DateFr value={d.createdAt} style="withTime" /></span>
        </li>
      ))}
    </ul>
  );
}

function Decisions({ r }: { r: RequestDetail }) {
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Décisions de la cellule</h2>
      {r.decisions.length === 0 && <p>La demande n’a pas encore été examinée par la cellule.</p>}
      {r.decisions.map((d) => (
        <div key={d.id} className={fr.cx('fr-p-2w', 'fr-mb-2w') + ' parcours-bordered'}>
          <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>
            Séance {r.party === 'secretariat' ? <Link to={`/cellule/seances/${d.sessionId}`}>{d.sessionReference}</Link> : d.sessionReference} du <DateFr value={d.heldOn} />
          </h3>
          {d.decision ? <StatusBadge status={d.decision} map={DECISION_BADGES} /> : <p className={fr.cx('fr-mb-1w')}>Inscrite à l’ordre du jour, décision à venir.</p>}
          {d.motivation && <p className={fr.cx('fr-mt-1w', 'fr-mb-0')}><strong>Motivation :</strong> {d.motivation}</p>}
        </div>
      ))}
      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Documents</h2>
      {r.documents.length ? <DocumentLinks documents={r.documents} /> : <p>Aucun document pour le moment : le courrier de décision est produit à la clôture de la séance.</p>}
    </>
  );
}

function History({ requestId, version }: { requestId: number; version: number }) {
  const history = useApi<{ items: TimelineEvent[] }>(`/api/requests/${requestId}/history`, { v: version });
  if (history.loading && !history.data) return <Loading />;
  if (history.error) return <ErrorAlert error={history.error} onRetry={history.reload} />;
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Historique</h2>
      <Timeline events={history.data!.items} actionLabels={REQUEST_HISTORY_LABELS} fieldLabels={HISTORY_FIELD_LABELS}
        renderValue={(key, value) => {
          if ((key.endsWith('Cents')) && typeof value === 'number') return formatEuros(value);
          if (key === 'funder' && typeof value === 'string') return FUNDER_LABELS[value as Funder] ?? value;
          if (key === 'decision' && typeof value === 'string') return DECISION_BADGES[value]?.[0] ?? value;
          if (key === 'verdict' && typeof value === 'string') return VERDICT_LABELS[value as Verdict] ?? value;
          if (key === 'routedTo' && Array.isArray(value)) return `${value.length} partenaire(s)`;
          if (key === 'paidOn' && typeof value === 'string') return formatDateFr(value);
          if (key === 'actions' && Array.isArray(value) && value.every((a) => a && typeof a === 'object')) {
            return value.map((a: any) => `${a.realisedTrainees} stagiaire(s), ${formatNumber(a.realisedHours)} heures-stagiaires, coût pédagogique ${formatEuros(a.realisedTeachingCostCents)}`).join(' ; ');
          }
          if ((key === 'lines' || key === 'released') && value && typeof value === 'object') {
            const entries = Array.isArray(value) ? value.map((l: any) => [l.funder, l.approvedCents]) : Object.entries(value);
            return entries.map(([f, c]) => `${FUNDER_LABELS[f as Funder] ?? f} : ${formatEuros(Number(c))}`).join(' ; ') || '—';
          }
          return undefined;
        }} />
    </>
  );
}
