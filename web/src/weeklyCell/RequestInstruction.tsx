import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Loading, StatusBadge } from '../components/feedback.js';
import { DateFr, Money } from '../components/format.js';
import { EurosField, Form, SelectField, TextAreaField } from '../components/forms.js';
import { FUNDER_LABELS, type Funder } from '../../../src/programmes/funders.js';
import { VERDICT_BADGES, VERDICT_LABELS } from './labels.js';
import { RadioGroupField } from './RadioGroupField.js';
import { RequestedDocumentsOfQuestion, RequestedDocumentsPicker, type RequestedDocument } from './RequestedDocumentsPicker.js';
import type { RequestDetail, Verdict } from './types.js';

type OnChange = (message: string) => (next: RequestDetail) => void;

/** The Instruction tab: partners and their opinions, the viewer's opinion form, information requests, readiness. */
export function Instruction({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const can = (action: string) => r.allowedActions.includes(action);
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Partenaires saisis</h2>
      {r.partners.length === 0 && <p>La demande n’a pas encore été transmise aux partenaires : elle le sera à son dépôt.</p>}
      {r.partners.length > 0 && (
        <ul className="parcours-thread">
          {r.partners.map((p) => (
            <li key={p.organisationId}>
              <p className={fr.cx('fr-mb-1v')}>
                <strong>{p.name}</strong> {p.isRequired ? '' : '(avis facultatif)'} — <span className={fr.cx('fr-text--sm')}>{p.reason}</span>
              </p>
              {p.opinion ? (
                <>
                  <StatusBadge status={p.opinion.verdict} map={VERDICT_BADGES} />
                  <p className={fr.cx('fr-text--sm', 'fr-mt-1v', 'fr-mb-0')}>
                    {p.opinion.proposedCents != null && <>Montant proposé{p.opinion.funder ? ` (${FUNDER_LABELS[p.opinion.funder]})` : ''} : <Money cents={p.opinion.proposedCents} />. </>}
                    {p.opinion.comment && <>« {p.opinion.comment} » </>}
                    — {p.opinion.authorName}, le <DateFr value={p.opinion.updatedAt} style="withTime" />
                  </p>
                </>
              ) : <StatusBadge label="Avis attendu" severity="warning" noIcon />}
            </li>
          ))}
        </ul>
      )}

      {r.readiness && r.status !== 'draft' && (
        r.readiness.ready
          ? <div className={fr.cx('fr-alert', 'fr-alert--success', 'fr-alert--sm', 'fr-mb-3w')}><p>Instruction complète : la demande est prête pour la cellule.</p></div>
          : (
            <div className={fr.cx('fr-alert', 'fr-alert--info', 'fr-mb-3w')}>
              <h3 className={fr.cx('fr-alert__title')}>Avant le passage en cellule</h3>
              <ul>{r.readiness.missing.map((m, i) => <li key={i}>{m.message}</li>)}</ul>
            </div>
          )
      )}

      {can('giveOpinion') && <OpinionForm r={r} onChange={onChange} />}

      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Demandes de compléments</h2>
      {r.informationRequests.length === 0 && <p>Aucune demande de compléments.</p>}
      <ul className="parcours-thread">
        {r.informationRequests.map((q) => (
          <li key={q.id}>
            <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}>{q.askedByOrganisation} ({q.askedByName}), le <DateFr value={q.askedAt} style="withTime" /></p>
            <p className={fr.cx('fr-mb-1w') + ' parcours-quote'}><strong>Question :</strong> {q.reason}</p>
            <RequestedDocumentsOfQuestion documents={q.documents} />
            {q.answer
              ? <p className={fr.cx('fr-mb-0') + ' parcours-quote'}><strong>Réponse</strong> de {q.answeredByName}, le <DateFr value={q.answeredAt} style="withTime" /> : {q.answer}</p>
              : can('answerInformation')
                ? <AnswerForm r={r} itemId={q.id} onChange={onChange} />
                : <StatusBadge label="En attente de la réponse de l’entreprise" severity="warning" noIcon />}
          </li>
        ))}
      </ul>
      {can('askInformation') && <AskForm r={r} onChange={onChange} />}
    </>
  );
}

function OpinionForm({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const mine = r.myOpinion;
  const [verdict, setVerdict] = useState<string>(mine?.verdict ?? '');
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [funder, setFunder] = useState<string>(mine?.funder ?? r.myFunders[0] ?? '');
  const [proposed, setProposed] = useState<number | null>(mine?.proposedCents ?? null);
  const plannedLine = r.fundingLines.find((l) => l.funder === funder);
  const save = useMutation(async () => {
    const next = await api.post<RequestDetail>(`/api/requests/${r.id}/opinions`, {
      verdict: verdict || undefined, comment, funder: proposed != null && funder ? funder : null, proposedCents: proposed,
      ...(mine ? { version: mine.version } : {}),
    });
    onChange(mine ? 'Votre avis a été modifié.' : 'Votre avis a été enregistré.')(next);
  });
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mb-4w') + ' parcours-bordered'} aria-labelledby="avis-titre">
      <h2 id="avis-titre" className={fr.cx('fr-h5')}>{mine ? 'Modifier l’avis de votre organisation' : 'Donner l’avis de votre organisation'}</h2>
      <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={mine ? 'Modifier l’avis' : 'Enregistrer l’avis'} ariaLabel="Avis de votre organisation">
        <RadioGroupField name="verdict" legend="Avis" required inline value={verdict} onChange={setVerdict}
          options={(Object.keys(VERDICT_LABELS) as Verdict[]).map((v) => ({ value: v, label: VERDICT_LABELS[v] }))} />
        <TextAreaField name="comment" label="Commentaire" hint="Obligatoire pour un avis avec réserves ou défavorable" rows={3} maxLength={4000} value={comment} onChange={setComment} />
        {r.myFunders.length > 1 && (
          <SelectField name="funder" label="Ligne de financement concernée" value={funder} onChange={setFunder}
            options={r.myFunders.map((f) => ({ value: f, label: FUNDER_LABELS[f as Funder] }))} />
        )}
        {r.myFunders.length > 0 && (
          <EurosField name="proposedCents" label={`Montant proposé — ${FUNDER_LABELS[funder as Funder] ?? 'votre financement'}`}
            hint={plannedLine ? `Montant demandé par l’entreprise : ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(plannedLine.proposedCents / 100)}. Laissez vide pour ne pas proposer de montant.` : 'Facultatif, en euros'}
            value={proposed} onChange={setProposed} />
        )}
      </Form>
    </section>
  );
}

function AskForm({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const [reason, setReason] = useState('');
  const [documents, setDocuments] = useState<RequestedDocument[]>([]);
  const ask = useMutation(async () => {
    const next = await api.post<RequestDetail>(`/api/requests/${r.id}/information-requests`, { reason, version: r.version, documents });
    setReason('');
    setDocuments([]);
    onChange('La demande de compléments a été envoyée à l’entreprise.')(next);
  });
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mt-2w') + ' parcours-bordered'} aria-labelledby="complements-titre">
      <h3 id="complements-titre" className={fr.cx('fr-h5')}>Demander des compléments</h3>
      <p className={fr.cx('fr-text--sm')}>L’entreprise est notifiée ; la demande attend sa réponse avant de pouvoir passer en cellule.</p>
      <Form error={ask.error} onSubmit={ask.run} pending={ask.pending} submitLabel="Demander des compléments" ariaLabel="Demande de compléments">
        <TextAreaField name="reason" id="complements-question" label="Question à l’entreprise" required rows={3} maxLength={4000} value={reason} onChange={setReason} />
        <RequestedDocumentsPicker measureId={r.measure.id} value={documents} onChange={setDocuments} />
      </Form>
    </section>
  );
}

function AnswerForm({ r, itemId, onChange }: { r: RequestDetail; itemId: number; onChange: OnChange }) {
  const [answer, setAnswer] = useState('');
  const send = useMutation(async () => {
    const next = await api.post<RequestDetail>(`/api/requests/${r.id}/information-requests/${itemId}/answer`, { answer, version: r.version });
    onChange('Votre réponse a été transmise aux partenaires.')(next);
  });
  return (
    <Form error={send.error} onSubmit={send.run} pending={send.pending} submitLabel="Envoyer la réponse" ariaLabel="Réponse à la demande de compléments">
      <TextAreaField name="answer" id={`reponse-${itemId}`} label="Votre réponse" required rows={4} maxLength={8000} value={answer} onChange={setAnswer} />
    </Form>
  );
}

interface Message { id: number; body: string; createdAt: string; authorName: string; organisationName: string }

/** Partners' and secretariat's private thread (never shown to the company). */
export function PrivateThread({ requestId }: { requestId: number }) {
  const messages = useApi<{ items: Message[] }>(`/api/requests/${requestId}/messages`);
  const [body, setBody] = useState('');
  const post = useMutation(async () => {
    await api.post(`/api/requests/${requestId}/messages`, { body });
    setBody('');
    messages.reload();
  });
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Fil privé des partenaires</h2>
      <p className={fr.cx('fr-text--sm')}>Échanges entre partenaires et secrétariat : l’entreprise ne les voit pas.</p>
      {messages.loading && !messages.data && <Loading />}
      {messages.error && <ErrorAlert error={messages.error} onRetry={messages.reload} />}
      {messages.data && messages.data.items.length === 0 && <p>Aucun message pour le moment.</p>}
      {messages.data && messages.data.items.length > 0 && (
        <ul className="parcours-thread">
          {messages.data.items.map((m) => (
            <li key={m.id}>
              <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}><strong>{m.authorName}</strong> ({m.organisationName}), le <DateFr value={m.createdAt} style="withTime" /></p>
              <p className={fr.cx('fr-mb-0') + ' parcours-quote'}>{m.body}</p>
            </li>
          ))}
        </ul>
      )}
      <Form error={post.error} onSubmit={post.run} pending={post.pending} submitLabel="Envoyer le message" ariaLabel="Nouveau message du fil privé">
        <TextAreaField name="body" id="fil-message" label="Nouveau message" required rows={3} maxLength={8000} value={body} onChange={setBody} />
      </Form>
    </>
  );
}
