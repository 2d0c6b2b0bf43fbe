import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { EmptyState, ErrorAlert, Loading, Notice, StatusBadge } from '../components/feedback.js';
import { DateFr } from '../components/format.js';
import { Page } from '../components/Page.js';
import { refreshUnreadCount } from './unread.js';

interface Notification { id: number; kind: string; kindLabel: string; subject: string; body: string; link: string | null; createdAt: string; isRead: boolean }
interface NotificationPage { items: Notification[]; total: number; unread: number; page: number; pageSize: number }

const STATES = [{ value: 'all', label: 'Toutes' }, { value: 'unread', label: 'Non lues' }, { value: 'read', label: 'Lues' }];
const PAGE_SIZE = 20;

/** /notifications — what was sent to the user's organisation, read on their own. */
export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const state = STATES.some((s) => s.value === params.get('etat')) ? params.get('etat')! : 'all';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, loading, reload } = useApi<NotificationPage>('/api/notifications', { state, page, pageSize: PAGE_SIZE, order: 'newest' });
  const [message, setMessage] = useState<string | undefined>();
  const done = () => { reload(); refreshUnreadCount(); };
  const readOne = useMutation(async (id: number) => { await api.post(`/api/notifications/${id}/read`); setMessage('Notification marquée comme lue.'); done(); });
  const readAll = useMutation(async () => {
    const { updated } = await api.post<{ updated: number }>('/api/notifications/read-all');
    setMessage(updated ? `${updated} notification${updated > 1 ? 's' : ''} marquée${updated > 1 ? 's' : ''} comme lue${updated > 1 ? 's' : ''}.` : 'Tout était déjà lu.');
    done();
  });
  const select = (value: string) => setParams(value === 'all' ? {} : { etat: value });
  const pageCount = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    if (n <= 1) next.delete('page'); else next.set('page', String(n));
    return { to: `?${next.toString()}` };
  };
  return (
    <Page title="Notifications" lead="Ce qui a été adressé à votre organisation. Chacun de ses membres marque ses notifications comme lues pour lui-même."
      actions={<button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={() => { void readAll.run(); }} disabled={readAll.pending || data?.unread === 0}>Tout marquer comme lu</button>}>
      <div aria-live="polite">{message && <Notice message={message} onClose={() => setMessage(undefined)} />}</div>
      {(readOne.error ?? readAll.error) && <ErrorAlert error={(readOne.error ?? readAll.error)!} />}
      <fieldset className={fr.cx('fr-segmented', 'fr-mb-3w')}>
        <legend className={fr.cx('fr-segmented__legend')}>Afficher</legend>
        <div className={fr.cx('fr-segmented__elements')}>
          {STATES.map((s) => (
            <div key={s.value} className={fr.cx('fr-segmented__element')}>
              <input type="radio" id={`etat-${s.value}`} name="etat" value={s.value} checked={state === s.value} onChange={() => select(s.value)} />
              <label className={fr.cx('fr-label')} htmlFor={`etat-${s.value}`}>{s.label}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <p role="status" aria-live="polite" className={fr.cx('fr-text--bold')}>
        {data ? `${data.total} notification${data.total > 1 ? 's' : ''}${state === 'all' ? `, dont ${data.unread} non lue${data.unread > 1 ? 's' : ''}` : ''}` : ''}
      </p>
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <EmptyState title={state === 'unread' ? 'Aucune notification non lue' : 'Aucune notification'} />}
      {data && data.items.length > 0 && (
        <ul className="parcours-notifications">
          {data.items.map((n) => (
            <li key={n.id} className={fr.cx('fr-mb-2w', 'fr-p-2w') + (n.isRead ? ' parcours-notification' : ' parcours-notification parcours-notification--unread')}>
              <h2 className={fr.cx('fr-h6', 'fr-mb-1v')}>
                {n.link
                  // Following the link is reading it: the count in the header drops as the user goes.
                  ? <Link to={n.link} onClick={() => { if (!n.isRead) void api.post(`/api/notifications/${n.id}/read`).then(refreshUnreadCount, () => undefined); }}>{n.subject}</Link>
                  : n.subject}
              </h2>
              <p className={fr.cx('fr-text--xs', 'fr-mb-1v')}>
                <DateFr value={n.createdAt} style="withTime" /> — {n.kindLabel} {!n.isRead && <StatusBadge label="Non lue" severity="new" />}
              </p>
              <p className={fr.cx('fr-text--sm', 'fr-mb-1v')} style={{ whiteSpace: 'pre-line' }}>{n.body}</p>
              {!n.isRead && (
                <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={() => { void readOne.run(n.id); }}
                  aria-label={`Marquer comme lue : ${n.subject}`}>Marquer comme lue</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 && <Pagination count={pageCount} defaultPage={page} getPageLinkProps={pageLink} showFirstLast />}
    </Page>
  );
}
