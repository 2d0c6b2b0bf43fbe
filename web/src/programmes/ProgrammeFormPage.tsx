import { useNavigate, useParams } from 'react-router';
import { useApi } from '../api/useApi.js';
import { ErrorAlert, Loading, useNotify } from '../components/feedback.js';
import { Page } from '../components/Page.js';
import { ProgrammeForm } from './editors.js';
import { PROGRAMMES_CRUMB } from './labels.js';
import type { ProgrammeDetail } from './types.js';
import './programmes.css';

/** /programmes/nouveau (create) and /programmes/:id/modifier (edit), administrators only. */
export function ProgrammeFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const existing = useApi<ProgrammeDetail>(editing ? `/api/programmes/${id}` : null);
  const notify = useNotify();
  const navigate = useNavigate();
  const back = editing ? `/programmes/${id}` : '/programmes';
  const crumbs = editing && existing.data ? [PROGRAMMES_CRUMB, { label: existing.data.name, to: back }] : [PROGRAMMES_CRUMB];
  return (
    <Page title={editing ? 'Modifier le programme' : 'Créer un programme'} breadcrumb={crumbs} size="narrow"
      lead={editing ? existing.data?.name : 'Un programme (acte) regroupe des dispositifs, leurs objectifs, leurs enveloppes et leurs règles.'}>
      {editing && existing.loading && !existing.data && <Loading />}
      {editing && existing.error && <ErrorAlert error={existing.error} onRetry={existing.reload} />}
      {(!editing || existing.data) && (
        <ProgrammeForm
          item={existing.data}
          onReload={existing.reload}
          onDone={(message) => notify(back, message)}
          onCreated={(newId, message) => notify(`/programmes/${newId}`, message)}
          onCancel={() => navigate(back)}
        />
      )}
    </Page>
  );
}
