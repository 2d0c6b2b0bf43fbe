import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useMutation } from '../api/useApi.js';
import { Form, NumberField, SelectField, TextAreaField } from '../components/forms.js';
import { PLAN_KIND_LABELS, PLAN_KINDS } from '../../../src/observatory/schemas.js';

/**
 * « Préparer » from a target job: the action of the partnership for it (a training action, a
 * training period of a temp pathway, a C.Pro objective), recorded for the area; one click opens
 * the form with the job already chosen.
 */
export function PreparePlan({ area, romeCode, label, sourceRomeCode = null, alertId = null, onDone }: {
  area: string; romeCode: string; label: string; sourceRomeCode?: string | null; alertId?: number | null; onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<string>('trainingAction');
  const [headcount, setHeadcount] = useState<number | null>(12);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const save = useMutation(() => api.post<{ id: number }>('/api/observatory/plans', { kind, area, romeCode, sourceRomeCode, headcount, note, alertId }));
  const id = `prep-${romeCode}-${sourceRomeCode ?? 'x'}`;
  if (done) return <p role="status" className={fr.cx('fr-text--sm', 'fr-mb-0')}><span className={fr.cx('fr-icon-success-line', 'fr-mr-1w')} aria-hidden="true" />{done}</p>;
  if (!open) return <button type="button" className={fr.cx('fr-btn', 'fr-btn--sm', 'fr-btn--secondary')} onClick={() => setOpen(true)} aria-label={`Préparer une action pour ${label}`}>Préparer</button>;
  return (
    <div className="parcours-obs-prepare">
      <Form error={save.error} pending={save.pending} submitLabel="Enregistrer l’action préparée" ariaLabel={`Action préparée pour ${label}`}
        onSubmit={async () => { const r = await save.run(); if (r) { setDone(`${PLAN_KIND_LABELS[kind as keyof typeof PLAN_KIND_LABELS]} préparée pour ${label}.`); onDone?.(); } }}
        secondary={<button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={() => setOpen(false)}>Annuler</button>}>
        <SelectField name="kind" id={`${id}-kind`} label="Type d’action" value={kind} onChange={setKind} required
          options={PLAN_KINDS.map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] }))} />
        <NumberField name="headcount" id={`${id}-headcount`} label="Personnes visées" value={headcount} onChange={setHeadcount} min={1} max={10000} integer required />
        <TextAreaField name="note" id={`${id}-note`} label="Note" value={note} onChange={setNote} rows={2} maxLength={2000} />
      </Form>
    </div>
  );
}
