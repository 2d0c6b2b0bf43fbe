import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { Notice, StatusBadge } from '../components/feedback.js';
import { DateFr, formatDateFr } from '../components/format.js';
import { DateField, Form, SelectField, TextAreaField } from '../components/forms.js';

interface Deadlines {
  opinions: { organisationId: number; name: string; dueOn: string | null; isDueDateSet: boolean; isGiven: boolean; isOverdue: boolean }[];
  information: { id: number; dueOn: string | null; isAnswered: boolean; isOverdue: boolean }[];
  instruction: { gross: number; waiting: number; net: number } | null;
}

/** « En retard » or the due date, in a list row. */
export function DueBadge({ dueOn, isOverdue }: { dueOn?: string | null; isOverdue?: boolean }) {
  if (!dueOn) return <>—</>;
  return isOverdue
    ? <StatusBadge label={`En retard (${formatDateFr(dueOn, 'short')})`} severity="error" />
    : <>Avant le <DateFr value={dueOn} style="short" /></>;
}

const days = (n: number) => `${n} jour${n > 1 ? 's' : ''}`;

/**
 * The request's deadlines: each routed partner's opinion, each question to the company,
 * the instruction days net of the waits; the secretariat moves a partner's deadline here.
 */
export function RequestDeadlines({ requestId, version, maySetDeadline }: { requestId: number; version: number; maySetDeadline: boolean }) {
  const { data, setData } = useApi<Deadlines>(`/api/requests/${requestId}/deadlines`, { v: version });
  const [organisationId, setOrganisationId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const save = useMutation(async () => {
    const next = await api.put<Deadlines>(`/api/requests/${requestId}/deadlines/opinion`, { organisationId: Number(organisationId), dueOn, reason });
    setData(next);
    setReason('');
    setDone('Échéance modifiée ; le motif est conservé dans l’historique.');
  });
  if (!data) return null;
  const pending = data.opinions.filter((o) => !o.isGiven);
  const questions = data.information.filter((q) => !q.isAnswered && q.dueOn);
  if (!data.instruction && pending.length === 0 && questions.length === 0) return null;
  return (
    <section className={fr.cx('fr-mb-3w')} aria-labelledby="echeances-titre">
      <h2 id="echeances-titre" className={fr.cx('fr-h6', 'fr-mb-1w')}>Échéances</h2>
      {data.instruction && (
        <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
          Instruction : <strong>{days(data.instruction.net)}</strong> hors attente des compléments
          {data.instruction.waiting > 0 && <> ({days(data.instruction.gross)} depuis le dépôt, dont {days(data.instruction.waiting)} d’attente)</>}.
        </p>
      )}
      <ul className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
        {pending.map((o) => (
          <li key={o.organisationId}>
            Avis de {o.name} : {o.dueOn ? <>attendu au plus tard le <DateFr value={o.dueOn} /></> : 'sans échéance'}
            {o.isDueDateSet && ' (date fixée par le secrétariat)'}
            {o.isOverdue && <> <StatusBadge label="En retard" severity="error" /></>}
          </li>
        ))}
        {questions.map((q) => (
          <li key={q.id}>
            Réponse de l’entreprise attendue le <DateFr value={q.dueOn} />
            {q.isOverdue && <> <StatusBadge label="En retard" severity="error" /></>}
          </li>
        ))}
      </ul>
      {done && <Notice message={done} onClose={() => setDone(undefined)} />}
      {maySetDeadline && pending.length > 0 && (
        <details>
          <summary>Modifier l’échéance d’un avis</summary>
          <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer l’échéance" ariaLabel="Modifier l’échéance d’un avis">
            <SelectField name="organisationId" label="Partenaire" required value={organisationId} onChange={setOrganisationId}
              placeholder="Choisir un partenaire" options={pending.map((o) => ({ value: String(o.organisationId), label: o.name }))} />
            <DateField name="dueOn" label="Nouvelle échéance" required value={dueOn} onChange={setDueOn} />
            <TextAreaField name="reason" label="Motif du changement" required rows={2} maxLength={2000} value={reason} onChange={setReason} />
          </Form>
        </details>
      )}
    </section>
  );
}
