import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../../api/useApi.js';
import { DataList } from '../../components/DataList.js';
import { StatusBadge, type BadgeSeverity } from '../../components/feedback.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB } from './labels.js';
import { Instant } from './JobsPage.js';
import { ReminderUsage } from '../../worklist/ReminderUsage.js';

interface EmailRow {
  id: number; toAddress: string; subject: string; body: string; link: string | null; createdAt: string; sentAt: string | null;
  attempts: number; lastError: string | null; nextAttemptAt: string | null; status: string; statusLabel: string;
}

const SEVERITY: Record<string, BadgeSeverity> = { waiting: 'info', retrying: 'warning', sent: 'success', abandoned: 'error' };

/**
 * The e-mails outbox: what went out, what waits and why. Without an SMTP relay configured,
 * this is where administrators read the messages the platform would have sent.
 */
export function EmailsPage() {
  const statuses = useApi<{ statuses: { value: string; label: string }[] }>('/api/admin/emails/statuses');
  return (
    <Page title="Courriels" breadcrumb={[ADMIN_CRUMB]}
      lead="Les courriels envoyés aux membres des organisations : leur état, leurs essais d’envoi et la dernière erreur du relais. Sans relais SMTP configuré, ils restent ici.">
      <DataList<EmailRow>
        endpoint="/api/admin/emails"
        caption="Liste des courriels"
        defaultSort="createdAt"
        defaultOrder="desc"
        exportable={false}
        filters={[
          { name: 'status', label: 'État', type: 'select', options: statuses.data?.statuses ?? [], allLabel: 'Tous les états' },
          { name: 'to', label: 'Destinataire', type: 'text' },
        ]}
        columns={[
          {
            label: 'Courriel', sort: 'id', rowHeader: true,
            render: (e) => (
              <details>
                <summary>{e.subject}</summary>
                <p className={fr.cx('fr-text--sm', 'fr-mb-1v')} style={{ whiteSpace: 'pre-wrap' }}>{e.body}</p>
                {e.link ? <p className={fr.cx('fr-text--sm')}>Lien : <a href={e.link}>{e.link}</a></p> : null}
              </details>
            ),
          },
          { label: 'Destinataire', render: (e) => e.toAddress },
          { label: 'État', render: (e) => <StatusBadge label={e.statusLabel} severity={SEVERITY[e.status]} /> },
          { label: 'Essais', sort: 'attempts', numeric: true, render: (e) => String(e.attempts) },
          { label: 'Dernière erreur', render: (e) => e.lastError ?? '—' },
          {
            label: 'Créé, envoyé', sort: 'createdAt',
            render: (e) => <><Instant value={e.createdAt} /><br />{e.sentAt ? <Instant value={e.sentAt} /> : <span className={fr.cx('fr-text--xs')}>pas encore</span>}</>,
          },
        ]}
        emptyMessage="Aucun courriel ne correspond à ces critères."
      />
      <ReminderUsage />
    </Page>
  );
}
