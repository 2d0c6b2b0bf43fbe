import { useState } from 'react';
import { useLocation } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useApi } from '../../api/useApi.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataList } from '../../components/DataList.js';
import { FlashNotice, StatusBadge, useNotify, type BadgeSeverity } from '../../components/feedback.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB } from './labels.js';

interface JobRow {
  id: number; kind: string; kindLabel: string; status: string; statusLabel: string; attempts: number; error: string | null;
  createdAt: string; finishedAt: string | null; runAfter: string; lockedBy: string | null; leaseUntil: string | null; retryable: boolean;
}
interface JobFilters { kinds: { kind: string; label: string }[]; statuses: { value: string; label: string }[] }

/** Day and minute, compact: the list has many columns and jobs are told apart by the minute. */
export function Instant({ value }: { value: string | null }) {
  if (!value) return <>—</>;
  const text = new Date(value).toLocaleString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return <time dateTime={value}>{text.replace(' ', ' à ')}</time>;
}

const SEVERITY: Record<string, BadgeSeverity> = { pending: 'info', running: 'new', done: 'success', failed: 'error' };

/**
 * The platform's background work as administrators follow it: what ran, what waits, what
 * failed and why. A failed job can be put back in the queue once its cause is fixed.
 */
export function JobsPage() {
  const filters = useApi<JobFilters>('/api/admin/jobs/kinds');
  const [version, setVersion] = useState(0);
  const notify = useNotify();
  const location = useLocation();
  const retry = async (job: JobRow) => {
    await api.post(`/api/admin/jobs/${job.id}/retry`);
    setVersion((v) => v + 1);
    notify(location.pathname + location.search, `Tâche n° ${job.id} relancée : elle est de nouveau en attente.`);
  };
  return (
    <Page title="Tâches de fond" breadcrumb={[ADMIN_CRUMB]}
      lead="Documents de séance, imports, rapports et mises à jour du pilotage exécutés en arrière-plan : leur état, leurs essais et la dernière erreur rencontrée.">
      <FlashNotice />
      <DataList<JobRow>
        key={version}
        endpoint="/api/admin/jobs"
        caption="Liste des tâches de fond"
        defaultSort="createdAt"
        defaultOrder="desc"
        exportable={false}
        filters={[
          { name: 'status', label: 'État', type: 'select', options: filters.data?.statuses ?? [], allLabel: 'Tous les états' },
          { name: 'kind', label: 'Sorte de tâche', type: 'select', options: (filters.data?.kinds ?? []).map((k) => ({ value: k.kind, label: k.label })), allLabel: 'Toutes les sortes' },
        ]}
        columns={[
          {
            label: 'Tâche', sort: 'id', rowHeader: true,
            render: (j) => <>{j.kindLabel}<br /><span className={fr.cx('fr-text--xs')}>n° {j.id}</span></>,
          },
          { label: 'État', render: (j) => <StatusBadge label={j.statusLabel} severity={SEVERITY[j.status]} /> },
          { label: 'Essais', sort: 'attempts', numeric: true, render: (j) => String(j.attempts) },
          { label: 'Dernière erreur', render: (j) => j.error ?? '—' },
          {
            label: 'Créée, terminée', sort: 'createdAt',
            render: (j) => <><Instant value={j.createdAt} /><br />{j.finishedAt ? <Instant value={j.finishedAt} /> : <span className={fr.cx('fr-text--xs')}>pas encore</span>}</>,
          },
          {
            label: 'Action',
            render: (j) => j.retryable ? (
              <ConfirmButton label="Relancer" srLabel={`Relancer la tâche n° ${j.id}`} title={`Relancer la tâche n° ${j.id} ?`}
                confirmLabel="Relancer la tâche" iconId="fr-icon-refresh-line" onConfirm={() => retry(j)}>
                « {j.kindLabel} » repart en attente avec de nouveaux essais. Vérifiez d’abord que la cause de l’erreur est réglée : {j.error}
              </ConfirmButton>
            ) : null,
          },
        ]}
        emptyMessage="Aucune tâche ne correspond à ces critères."
      />
    </Page>
  );
}
