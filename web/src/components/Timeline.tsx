import type { ReactNode } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { DateFr } from './format.js';

export interface TimelineEvent {
  sequence: number;
  action: string;
  at: string;
  motivation?: string | null;
  changes?: Record<string, unknown> | null;
  actorName?: string | null;
  actorOrganisation?: string | null;
}

const DEFAULT_ACTIONS: Record<string, string> = {
  created: 'Création',
  updated: 'Modification',
  deleted: 'Suppression',
  membership_added: 'Rattachement ajouté',
  membership_removed: 'Rattachement retiré',
};

function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The history of a record, oldest first (GET /api/history/<type>/<id> → { items }).
 *
 *   <Timeline events={data.items}
 *     actionLabels={{ submitted: 'Dépôt' }}                      // merged with created/updated/…
 *     fieldLabels={{ name: 'Nom', isActive: 'Actif' }}         // unlabelled keys are shown as is
 *     renderValue={(key, value) => key === 'role' ? ROLE_LABELS[value] : undefined} />
 */
export function Timeline({ events, actionLabels, fieldLabels = {}, renderValue, hideKeys = ['version'], emptyMessage = 'Aucun événement enregistré.', headingLevel = 3 }: {
  events: TimelineEvent[];
  actionLabels?: Record<string, string>;
  fieldLabels?: Record<string, string>;
  /** Returns a display for a changed value, or undefined to use the default. */
  renderValue?: (key: string, value: unknown) => ReactNode | undefined;
  hideKeys?: string[];
  emptyMessage?: string;
  headingLevel?: 2 | 3 | 4;
}) {
  if (events.length === 0) return <p>{emptyMessage}</p>;
  const labels = { ...DEFAULT_ACTIONS, ...actionLabels };
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <ol className="parcours-timeline">
      {events.map((e) => {
        const changes = Object.entries(e.changes ?? {}).filter(([k]) => !hideKeys.includes(k));
        return (
          <li key={e.sequence} className="parcours-timeline__item">
            <Heading className={fr.cx('fr-text--md', 'fr-mb-1v')}>{labels[e.action] ?? e.action}</Heading>
            <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
              <DateFr value={e.at} style="withTime" />
              {e.actorName && <> — par {e.actorName}{e.actorOrganisation ? ` (${e.actorOrganisation})` : ''}</>}
            </p>
            {e.motivation && <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}><strong>Motif :</strong> {e.motivation}</p>}
            {changes.length > 0 && (
              <dl className="parcours-timeline__changes">
                {changes.map(([key, value]) => (
                  <div key={key}>
                    <dt>{fieldLabels[key] ?? key}</dt>
                    <dd>{renderValue?.(key, value) ?? describe(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ol>
  );
}
