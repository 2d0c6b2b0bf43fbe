import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useSession } from '../api/session.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorAlert, FlashNotice, Loading, Notice, StatusBadge } from '../components/feedback.js';
import { DateFr, formatNumber, Money } from '../components/format.js';
import { EurosField, Form, TextAreaField, TextField } from '../components/forms.js';
import { Page } from '../components/Page.js';
import { DECISION_LABELS, DECISIONS, type Decision } from '../../../src/weeklyCell/decisions.js';
import { DECISION_BADGES, REQUEST_STATUS_BADGES, SESSION_STATUS_BADGES, SESSIONS_CRUMB, VERDICT_BADGES } from './labels.js';
import { RadioGroupField } from './RadioGroupField.js';
import { chosen, SittingFieldset, useSittingOrganisations } from './SittingFieldset.js';
import type { AgendaItem, SessionDetail } from './types.js';
import './weeklyCell.css';

/** /cellule/seances/:id — agenda, decisions, closing and minutes. */
export function SessionPage() {
  const { id } = useParams();
  const { data: s, error, loading, reload, setData } = useApi<SessionDetail>(`/api/sessions/${id}`);
  const [notice, setNotice] = useState<string | undefined>();
  // The server's policy table decides; the page only shows what it allows.
  const runs = s?.party === 'secretariat';
  const allows = (action: SessionDetail['allowedActions'][number]) => !!s?.allowedActions.includes(action);

  // After closing, the minutes and letters are produced by a background job: poll until they appear.
  const waitingForDocuments = s?.status === 'closed' && s.documents.length === 0;
  useEffect(() => {
    if (!waitingForDocuments) return;
    const timer = setInterval(() => {
      api.get<SessionDetail>(`/api/sessions/${id}`).then((next) => { if (next.documents.length) setData(next); }).catch(() => { /* next tick */ });
    }, 2000);
    return () => clearInterval(timer);
  }, [waitingForDocuments, id, setData]);

  if (loading && !s) return <Page title="Séance" breadcrumb={[SESSIONS_CRUMB]}><Loading /></Page>;
  if (error && !s) return <Page title="Séance" breadcrumb={[SESSIONS_CRUMB]}><ErrorAlert error={error} onRetry={reload} /></Page>;
  if (!s) return null;

  const done = (message: string) => (next: SessionDetail) => { setData(next); setNotice(message); };

  return (
    <Page title={`Séance ${s.reference}`} breadcrumb={[SESSIONS_CRUMB]}
      lead={<>Séance du <DateFr value={s.heldOn} /></>}
      actions={allows('close') && <CloseSession s={s} onChange={done} />}>
      {/* One message at a time: the latest replaces the one before, the page's arrival message included. */}
      {notice ? <Notice message={notice} onClose={() => setNotice(undefined)} /> : <FlashNotice />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      <p>
        <StatusBadge status={s.status} map={SESSION_STATUS_BADGES} small={false} />
        <span className={fr.cx('fr-ml-2w', 'fr-text--sm')}>
          {s.openedAt && <>Ouverte le <DateFr value={s.openedAt} style="withTime" />. </>}
          {s.closedAt && <>Close le <DateFr value={s.closedAt} style="withTime" />. </>}
          {s.status !== 'closed' && <>{s.items.length} demande(s) à l’ordre du jour, {s.undecided} sans décision.</>}
        </span>
      </p>

      {s.status === 'closed' && (
        waitingForDocuments
          ? <div className={fr.cx('fr-alert', 'fr-alert--info', 'fr-mb-3w')} role="status"><p>Production du procès-verbal en cours… Les documents apparaîtront ici dans quelques instants.</p></div>
          : (
            <section className={fr.cx('fr-mb-4w')} aria-labelledby="documents-titre">
              <h2 id="documents-titre" className={fr.cx('fr-h4')}>Procès-verbal</h2>
              <SessionDocuments s={s} />
            </section>
          )
      )}

      {allows('open') && <OpenSession s={s} onChange={done} />}
      <Attendees s={s} />
      <CommittedByFunder s={s} />

      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Ordre du jour</h2>
      {s.items.length === 0 && <p>Aucune demande inscrite.</p>}
      {s.items.map((item, index) => (
        <AgendaItemCard key={item.id} s={s} item={item} index={index} runs={runs} allows={allows} onChange={done} />
      ))}

      {allows('schedule') && (
        <section className={fr.cx('fr-mt-6w')} aria-labelledby="candidates-titre">
          <h2 id="candidates-titre" className={fr.cx('fr-h4')}>Demandes prêtes non inscrites</h2>
          {s.candidates.length === 0 ? <p>Aucune autre demande n’est prête pour la cellule.</p> : (
            <ul className="parcours-thread">
              {s.candidates.map((c) => (
                <li key={c.id} className={fr.cx('fr-grid-row', 'fr-grid-row--middle')}>
                  <span className={fr.cx('fr-col')}><Link to={`/demandes/${c.id}`}>{c.reference}</Link> — {c.companyName} — <Money cents={c.totalCostCents} /></span>
                  <Schedule s={s} requestId={c.id} label={c.reference} onChange={done} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </Page>
  );
}

function Schedule({ s, requestId, label, onChange }: { s: SessionDetail; requestId: number; label: string; onChange: (m: string) => (n: SessionDetail) => void }) {
  const add = useMutation(async () => onChange(`Demande ${label} inscrite à l’ordre du jour.`)(await api.post<SessionDetail>(`/api/sessions/${s.id}/agenda`, { requestId })));
  return (
    <span>
      <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm', 'fr-icon-add-line', 'fr-btn--icon-left')} disabled={add.pending} onClick={() => { void add.run(); }}>
        Inscrire<span className={fr.cx('fr-sr-only')}> la demande {label}</span>
      </button>
      {add.error && <span role="alert" className={fr.cx('fr-error-text')}>{add.error.message}</span>}
    </span>
  );
}

function SessionDocuments({ s }: { s: SessionDetail }) {
  return (
    <ul>
      {s.documents.map((d) => (
        <li key={d.id}>
          <a className={fr.cx('fr-link', 'fr-icon-file-pdf-line', 'fr-link--icon-left')} href={`/api/sessions/${s.id}/minutes/${d.id}`} target="_blank" rel="noopener">
            Procès-verbal de séance — {d.filename}<span className={fr.cx('fr-sr-only')}> (PDF, nouvelle fenêtre)</span>
          </a>{' '}
          <span className={fr.cx('fr-text--xs')}>produit le <DateFr value={d.createdAt} style="withTime" /></span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Opening records who sits today (printed in the minutes) and who chairs and signs the
 * letters; the cell's standing members are ticked to start with.
 */
function OpenSession({ s, onChange }: { s: SessionDetail; onChange: (m: string) => (n: SessionDetail) => void }) {
  const { me } = useSession();
  const sittingState = useSittingOrganisations();
  const [sitting] = sittingState;
  const [chair, setChair] = useState({ name: me?.user.displayName ?? '', title: 'Secrétariat de la cellule opérationnelle hebdomadaire' });
  const [motivation, setMotivation] = useState('');
  const open = useMutation(async () => {
    const attendees = chosen(sitting);
    const next = await api.post<SessionDetail>(`/api/sessions/${s.id}/open`, { version: s.version, attendees, chair, ...(s.beforeItsDate ? { earlyMotivation: motivation } : {}) });
    onChange('La séance est ouverte : enregistrez une décision pour chaque demande.')(next);
  });
  if (!sitting) return <Loading />;
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mb-4w') + ' parcours-bordered'} aria-labelledby="ouvrir-titre">
      <h2 id="ouvrir-titre" className={fr.cx('fr-h5')}>Ouvrir la séance</h2>
      <Form error={open.error} onSubmit={open.run} pending={open.pending} submitLabel="Ouvrir la séance" ariaLabel="Ouvrir la séance">
        {s.beforeItsDate && (
          <TextAreaField name="earlyMotivation" label="Motif de la tenue anticipée" required rows={2} maxLength={1000} value={motivation} onChange={setMotivation}
            hint={<>La séance est datée du <DateFr value={s.heldOn} /> : l’ouvrir plus tôt demande un motif, inscrit à l’historique.</>} />
        )}
        <SittingFieldset legend="Participants" hint="Cochez les organisations présentes et nommez leur représentant : ils figurent au procès-verbal." prefix="attendees" state={sittingState} />
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name="chair.name" label="Présidence de séance" hint="Elle signe les courriers de décision" required maxLength={200} value={chair.name} onChange={(name) => setChair((c) => ({ ...c, name }))} /></div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name="chair.title" label="Fonction de la présidence" required maxLength={200} value={chair.title} onChange={(title) => setChair((c) => ({ ...c, title }))} /></div>
        </div>
      </Form>
    </section>
  );
}


function Attendees({ s }: { s: SessionDetail }) {
  if (s.status === 'planned') return null;
  return (
    <section className={fr.cx('fr-mb-4w')} aria-labelledby="presents-titre">
      <h2 id="presents-titre" className={fr.cx('fr-h6', 'fr-mb-1w')}>Participants</h2>
      {s.chairName && <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Présidence : {s.chairName}{s.chairTitle && <>, {s.chairTitle}</>}</p>}
      {s.attendees.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucun participant enregistré.</p> : (
        <ul className={fr.cx('fr-text--sm')}>
          {s.attendees.map((a) => <li key={a.organisationId}>{a.organisationName}{a.representative && <> — {a.representative}{a.title && <>, {a.title}</>}</>}</li>)}
        </ul>
      )}
    </section>
  );
}

function CloseSession({ s, onChange }: { s: SessionDetail; onChange: (m: string) => (n: SessionDetail) => void }) {
  const [motivation, setMotivation] = useState('');
  return (
    <ConfirmButton label="Clore la séance" size="md" priority="primary" iconId="fr-icon-lock-line" title={`Clore la séance ${s.reference} ?`} confirmLabel="Clore la séance"
      onConfirm={async () => onChange('Séance close : les engagements sont enregistrés, le procès-verbal et les courriers sont en cours de production.')(
        await api.post<SessionDetail>(`/api/sessions/${s.id}/close`, { version: s.version, ...(s.beforeItsDate ? { earlyMotivation: motivation } : {}) }))}>
      <p>La clôture est définitive. Elle :</p>
      <ul>
        <li>engage les montants accordés sur les enveloppes de chaque financeur ;</li>
        <li>applique chaque décision à sa demande (accordée, ajournée ou refusée) ;</li>
        <li>produit le procès-verbal de séance et un courrier de décision par demande ;</li>
        <li>notifie les entreprises et les partenaires.</li>
      </ul>
      {s.beforeItsDate && (
        <TextAreaField name="earlyMotivation" label="Motif de la clôture anticipée" required rows={2} maxLength={1000} value={motivation} onChange={setMotivation}
          hint={<>La séance est datée du <DateFr value={s.heldOn} /> : la clore plus tôt demande un motif, inscrit à l’historique.</>} />
      )}
      {s.undecided > 0 && <p className={fr.cx('fr-error-text')}>{s.undecided} demande(s) n’ont pas encore de décision : la séance ne peut pas être close.</p>}
    </ConfirmButton>
  );
}

function CommittedByFunder({ s }: { s: SessionDetail }) {
  if (s.committedByFunder.length === 0) return null;
  const total = s.committedByFunder.reduce((sum, c) => sum + c.amountCents, 0);
  return (
    <section aria-labelledby="engage-titre">
      <h2 id="engage-titre" className={fr.cx('fr-h6', 'fr-mb-1w')}>{s.status === 'closed' ? 'Montants engagés par financeur' : 'Montants accordés à ce stade, par financeur'}</h2>
      <dl className="parcours-figures">
        {s.committedByFunder.map((c) => <div key={c.funder}><dt>{c.funderLabel}</dt><dd><Money cents={c.amountCents} /></dd></div>)}
        <div><dt>Total</dt><dd><Money cents={total} /></dd></div>
      </dl>
    </section>
  );
}

function AgendaItemCard({ s, item, index, runs, allows, onChange }: { s: SessionDetail; item: AgendaItem; index: number; runs: boolean; allows: (action: SessionDetail['allowedActions'][number]) => boolean; onChange: (m: string) => (n: SessionDetail) => void }) {
  const headingId = `point-${item.id}`;
  return (
    <article className={fr.cx('fr-p-3w', 'fr-mb-3w') + ' parcours-bordered'} aria-labelledby={headingId}>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--middle')}>
        <h3 id={headingId} className={fr.cx('fr-h5', 'fr-mb-1w', 'fr-col')}>
          {index + 1}. {item.companyName} — <Link to={`/demandes/${item.requestId}`}>{item.reference}</Link>
        </h3>
        {allows('unschedule') && !item.decision && (
          <ConfirmButton label="Retirer de l’ordre du jour" srLabel={`Retirer la demande ${item.reference} de l’ordre du jour`} title={`Retirer ${item.reference} de l’ordre du jour ?`} confirmLabel="Retirer"
            onConfirm={async () => onChange(`Demande ${item.reference} retirée de l’ordre du jour ; elle redevient prête pour la cellule.`)(await api.delete<SessionDetail>(`/api/sessions/${s.id}/agenda/${item.id}`))}>
            <p>La demande redevient « prête pour la cellule » et pourra être inscrite à une autre séance.</p>
          </ConfirmButton>
        )}
      </div>
      <p className={fr.cx('fr-mb-1w')}>
        <StatusBadge status={item.status} map={REQUEST_STATUS_BADGES} />{' '}
        {item.decision && <StatusBadge status={item.decision} map={DECISION_BADGES} />}
      </p>
      <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
        {formatNumber(item.traineeCount)} stagiaires, {formatNumber(item.trainingHours)} heures-stagiaires — coût total <strong><Money cents={item.totalCostCents} /></strong>
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <h4 className={fr.cx('fr-text--md', 'fr-mb-1v')}>Plan de financement</h4>
          <ul className={fr.cx('fr-text--sm')}>
            {item.fundingLines.map((l) => {
              const approved = item.decisionLines.find((d) => d.funder === l.funder);
              // The company's own share is part of the plan; the cell grants only what funders give.
              return <li key={l.funder}>{l.funderLabel} : <Money cents={l.proposedCents} />{approved && l.funder !== 'COMPANY' && <> → accordé <strong><Money cents={approved.approvedCents} /></strong></>}</li>;
            })}
          </ul>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <h4 className={fr.cx('fr-text--md', 'fr-mb-1v')}>Avis des partenaires</h4>
          {item.opinions.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucun avis.</p> : (
            <ul className={fr.cx('fr-text--sm')}>
              {item.opinions.map((o, i) => (
                <li key={i}>{o.organisationName} : {VERDICT_BADGES[o.verdict]?.[0] ?? o.verdict}{o.proposedCents != null && <> (propose <Money cents={o.proposedCents} />)</>}{o.comment && <> — « {o.comment} »</>}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {item.motivation && <p className={fr.cx('fr-mb-1w')}><strong>Motivation :</strong> {item.motivation}</p>}
      {allows('recordDecision') && <DecisionForm s={s} item={item} onChange={onChange} />}
      {runs && allows('open') && <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>Ouvrez la séance pour enregistrer la décision.</p>}
    </article>
  );
}

function DecisionForm({ s, item, onChange }: { s: SessionDetail; item: AgendaItem; onChange: (m: string) => (n: SessionDetail) => void }) {
  const [decision, setDecision] = useState<string>(item.decision ?? '');
  const [motivation, setMotivation] = useState(item.motivation ?? '');
  const [amounts, setAmounts] = useState<Record<string, number | null>>(() => Object.fromEntries(item.fundingLines.map((l) => [l.funder, item.decisionLines.find((d) => d.funder === l.funder)?.approvedCents ?? l.proposedCents])));
  const prefix = `point-${item.id}`;
  const save = useMutation(async () => {
    const lines = decision === 'partially_approved' ? item.fundingLines.map((l) => ({ funder: l.funder, approvedCents: amounts[l.funder] ?? 0 })) : undefined;
    const next = await api.post<SessionDetail>(`/api/sessions/${s.id}/decisions`, { itemId: item.id, decision: decision || undefined, motivation, lines });
    onChange(`Décision enregistrée pour ${item.reference} : ${DECISION_LABELS[decision as Decision]}.`)(next);
  });
  return (
    <details className={fr.cx('fr-mt-2w')} open={!item.decision}>
      <summary className={fr.cx('fr-text--bold')}>{item.decision ? 'Modifier la décision' : 'Enregistrer la décision'}<span className={fr.cx('fr-sr-only')}> sur {item.reference}</span></summary>
      <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer la décision" ariaLabel={`Décision sur ${item.reference}`}>
        <RadioGroupField name="decision" idPrefix={prefix} legend="Décision" required inline value={decision} onChange={setDecision}
          options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))} />
        {decision === 'partially_approved' && (
          <fieldset className={fr.cx('fr-fieldset')} aria-labelledby={`${prefix}-montants`}>
            <legend id={`${prefix}-montants`} className={fr.cx('fr-fieldset__legend', 'fr-fieldset__legend--regular')}>
              Montants accordés par financeur
              <span className={fr.cx('fr-hint-text')}>Au plus le montant demandé ; réduisez au moins une ligne.</span>
            </legend>
            {item.fundingLines.map((l, i) => (
              <div key={l.funder} className={fr.cx('fr-fieldset__element', 'fr-fieldset__element--inline')}>
                <EurosField name={`lines.${i}.approvedCents`} id={`${prefix}-ligne-${l.funder}`} label={`${l.funderLabel} (demandé ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(l.proposedCents / 100)})`}
                  value={amounts[l.funder] ?? null} onChange={(v) => setAmounts((a) => ({ ...a, [l.funder]: v }))} />
              </div>
            ))}
          </fieldset>
        )}
        <TextAreaField name="motivation" id={`${prefix}-motivation`} label="Motivation" hint="Figurera au procès-verbal et dans le courrier à l’entreprise" required rows={3} maxLength={4000} value={motivation} onChange={setMotivation} />
      </Form>
    </details>
  );
}
