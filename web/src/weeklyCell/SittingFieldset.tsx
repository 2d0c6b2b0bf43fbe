import { useEffect, useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { CheckboxField, TextField } from '../components/forms.js';
import type { CellMember } from './types.js';

export interface Sitting { organisationId: number; name: string; present: boolean; representative: string; title: string }

/** The organisations that may sit in the cell: partners that instruct, and the secretariat (src/weeklyCell/sessions/sessionActions.ts). */
const SITTING_KINDS = ['secretariat', 'state', 'region', 'training_fund', 'pole_emploi', 'fpspp'];

/** Every organisation that may sit, the cell's standing members ticked first with their representatives. */
export function useSittingOrganisations() {
  const members = useApi<{ items: CellMember[] }>('/api/cell-members');
  const partners = useApi<{ items: { id: number; name: string; kind: string }[] }>('/api/organisations', { pageSize: 100, sort: 'name' });
  const state = useState<Sitting[] | undefined>();
  const [sitting, setSitting] = state;
  useEffect(() => {
    if (sitting || !members.data || !partners.data) return;
    const standing = members.data.items;
    const others = partners.data.items.filter((o) => SITTING_KINDS.includes(o.kind) && !standing.some((m) => m.organisationId === o.id));
    setSitting([
      ...standing.map((m) => ({ organisationId: m.organisationId, name: m.organisationName, present: true, representative: m.representative ?? '', title: m.title ?? '' })),
      ...others.map((o) => ({ organisationId: o.id, name: o.name, present: false, representative: '', title: '' })),
    ]);
  }, [members.data, partners.data, sitting, setSitting]);
  return state;
}

export const chosen = (sitting: Sitting[] | undefined) =>
  (sitting ?? []).filter((x) => x.present).map((x) => ({ organisationId: x.organisationId, representative: x.representative || null, title: x.title || null }));

/** A box per organisation, and its representative and function once ticked. */
export function SittingFieldset({ legend, hint, prefix, state }: { legend: string; hint: string; prefix: string; state: ReturnType<typeof useSittingOrganisations> }) {
  const [sitting, setSitting] = state;
  const update = (index: number, change: Partial<Sitting>) => setSitting((list) => list?.map((x, i) => (i === index ? { ...x, ...change } : x)));
  const legendId = `${prefix}-legende`;
  return (
    <fieldset className={fr.cx('fr-fieldset')} aria-labelledby={legendId}>
      <legend id={legendId} className={fr.cx('fr-fieldset__legend')}>
        {legend}<span className={fr.cx('fr-hint-text')}>{hint}</span>
      </legend>
      {(sitting ?? []).map((x, i) => (
        <div key={x.organisationId} className={fr.cx('fr-fieldset__element')}>
          <CheckboxField name={`${prefix}.${i}.present`} label={x.name} checked={x.present} onChange={(present) => update(i, { present })} />
          {x.present && (
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${prefix}.${i}.representative`} label={`Représentant(e) de ${x.name}`} maxLength={200} value={x.representative} onChange={(representative) => update(i, { representative })} /></div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><TextField name={`${prefix}.${i}.title`} label={`Fonction (${x.name})`} maxLength={200} value={x.title} onChange={(title) => update(i, { title })} /></div>
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}
