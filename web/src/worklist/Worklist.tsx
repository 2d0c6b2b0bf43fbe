import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { ErrorAlert, Loading, StatusBadge } from '../components/feedback.js';

interface WorklistEntry { label: string; link: string; detail?: string; isOverdue?: boolean }
interface WorklistTask { key: string; label: string; count: number; overdue?: number; link: string; entries: WorklistEntry[] }

/** « Ce qui vous attend » on the home page: one card per task, its first items, a link to the filtered list. */
export function Worklist() {
  const { data, error, loading, reload } = useApi<{ tasks: WorklistTask[] }>('/api/worklist');
  if (loading && !data) return <Loading label="Chargement de ce qui vous attend…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} title="Ce qui vous attend n’a pas pu être chargé" />;
  if (!data || data.tasks.length === 0) return null;
  return (
    <section aria-labelledby="a-faire" className={fr.cx('fr-mb-5w')}>
      <h2 id="a-faire">Ce qui vous attend</h2>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        {data.tasks.map((task) => (
          <div key={task.key} className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <div className={fr.cx('fr-card', 'fr-card--no-arrow') + ' parcours-worklist-card'} data-task={task.key}>
              <div className={fr.cx('fr-card__body')}>
                <div className={fr.cx('fr-card__content')}>
                  <h3 className={fr.cx('fr-card__title', 'fr-h6')}>
                    <Link to={task.link}>{task.label}</Link>
                  </h3>
                  {task.overdue ? <p className={fr.cx('fr-card__detail', 'fr-mb-1w')}><StatusBadge label={`${task.overdue} en retard`} severity="error" /></p> : null}
                  {task.entries.length > 0 && (
                    <ul className={fr.cx('fr-card__desc', 'fr-text--sm')}>
                      {task.entries.map((e) => (
                        <li key={e.link + e.label}>
                          <Link to={e.link}>{e.label}</Link>
                          {e.detail && <> — {e.detail}</>}
                          {e.isOverdue && <> <StatusBadge label="En retard" severity="error" /></>}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
