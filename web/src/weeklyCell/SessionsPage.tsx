import { useState } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useSession } from '../api/session.js';
import { useMutation } from '../api/useApi.js';
import { DataList } from '../components/DataList.js';
import { FlashNotice, Loading, Notice, StatusBadge, useNotify } from '../components/feedback.js';
import { DateFr } from '../components/format.js';
import { DateField, Form } from '../components/forms.js';
import { Page } from '../components/Page.js';
import { SESSION_STATUS_BADGES, sessionStatusOptions } from './labels.js';
import { chosen, SittingFieldset, useSittingOrganisations } from './SittingFieldset.js';
import type { SessionDetail, SessionRow } from './types.js';

/** /cellule/seances — the weekly sessions, and « Préparer une séance » for the secretariat. */
export function SessionsPage() {
  const { can } = useSession();
  return (
    <Page title="Séances de la cellule"
      lead="Chaque semaine, la cellule opérationnelle examine les demandes prêtes et décide. La séance close produit le procès-verbal et les courriers.">
      <FlashNotice />
      {can('runCell') && <PrepareSession />}
      {can('runCell') && <CellMembers />}
      <DataList<SessionRow>
        endpoint="/api/sessions"
        caption="Liste des séances"
        defaultSort="heldOn"
        defaultOrder="desc"
        filters={[
          { name: 'status', label: 'Statut', type: 'select', options: sessionStatusOptions, allLabel: 'Tous les statuts' },
          { name: 'year', label: 'Année', type: 'text', hint: 'Ex. 2010' },
        ]}
        columns={[
          { label: 'Séance', sort: 'reference', rowHeader: true, render: (s) => <Link to={`/cellule/seances/${s.id}`}>{s.reference}</Link> },
          { label: 'Date', sort: 'heldOn', render: (s) => <DateFr value={s.heldOn} /> },
          { label: 'Statut', sort: 'status', render: (s) => <StatusBadge status={s.status} map={SESSION_STATUS_BADGES} /> },
          { label: 'Demandes inscrites', numeric: true, render: (s) => s.itemCount },
        ]}
        emptyMessage="Aucune séance pour le moment."
      />
    </Page>
  );
}

function PrepareSession() {
  const [heldOn, setHeldOn] = useState('');
  const notify = useNotify();
  const create = useMutation(async () => {
    const session = await api.post<SessionDetail>('/api/sessions', { heldOn });
    notify(`/cellule/seances/${session.id}`, `Séance ${session.reference} préparée : ${session.items.length} demande(s) prête(s) inscrite(s) à l’ordre du jour.`);
  });
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mb-4w')} style={{ backgroundColor: 'var(--background-alt-blue-france)' }} aria-labelledby="preparer-titre">
      <h2 id="preparer-titre" className={fr.cx('fr-h5')}>Préparer une séance</h2>
      <p className={fr.cx('fr-text--sm')}>L’ordre du jour reprend toutes les demandes prêtes pour la cellule ; vous pourrez l’ajuster avant d’ouvrir la séance.</p>
      <Form error={create.error} onSubmit={create.run} pending={create.pending} submitLabel="Préparer la séance" ariaLabel="Préparer une séance">
        <DateField name="heldOn" label="Date de la séance" required value={heldOn} onChange={setHeldOn} />
      </Form>
    </section>
  );
}

/**
 * The cell's standing members read every session and its minutes; other partners read a
 * session only for the requests routed to them, or when recorded as attending it.
 */
function CellMembers() {
  const state = useSittingOrganisations();
  const [notice, setNotice] = useState<string | undefined>();
  const save = useMutation(async () => {
    const saved = await api.put<{ items: { organisationName: string }[] }>('/api/cell-members', { members: chosen(state[0]) });
    setNotice(`Membres permanents enregistrés : ${saved.items.map((m) => m.organisationName).join(', ') || 'aucun'}.`);
  });
  return (
    <details className={fr.cx('fr-mb-4w')}>
      <summary className={fr.cx('fr-text--bold')}>Membres permanents de la cellule</summary>
      <p className={fr.cx('fr-text--sm', 'fr-mt-2w')}>Ils lisent toutes les séances et leurs procès-verbaux. Les autres partenaires ne voient que les demandes qui leur sont adressées, ou la séance à laquelle ils sont enregistrés comme participants.</p>
      {notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}
      {state[0] ? (
        <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer les membres" ariaLabel="Membres permanents de la cellule">
          <SittingFieldset legend="Organisations membres" hint="Cochez les organisations qui siègent de façon permanente et nommez leur représentant habituel." prefix="members" state={state} />
        </Form>
      ) : <Loading />}
    </details>
  );
}
