import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { useSession } from '../api/session.js';
import { DataList } from '../components/DataList.js';
import { FlashNotice, StatusBadge } from '../components/feedback.js';
import { DateFr, Money } from '../components/format.js';
import { Page } from '../components/Page.js';
import { REQUEST_STATUS_BADGES, requestStatusOptions } from './labels.js';
import type { RequestRow } from './types.js';
import { DueBadge } from './DeadlineBadges.js';

const TODO_OPTIONS = [
  { value: 'opinion', label: 'Mon avis attendu' },
  { value: 'answered', label: 'Réponses reçues à mes demandes de compléments' },
  { value: 'payment', label: 'Versements à enregistrer' },
];

/** /demandes — the requests the user may see (own company, routed partner, secretariat). */
export function RequestsPage() {
  const { can } = useSession();
  const mayFile = can('fileRequests');
  const instructs = can('instruct') || can('runCell');
  return (
    <Page title="Demandes de financement"
      lead={mayFile
        ? 'Les demandes de votre entreprise : brouillons, demandes en instruction, décisions et suivi des versements.'
        : 'Les demandes que vous instruisez ou suivez pour la cellule opérationnelle hebdomadaire.'}
      actions={mayFile && <Link className={fr.cx('fr-btn', 'fr-icon-add-line', 'fr-btn--icon-left')} to="/demandes/nouvelle">Nouvelle demande</Link>}>
      <FlashNotice />
      <DataList<RequestRow>
        endpoint="/api/requests"
        caption="Liste des demandes de financement"
        defaultSort="updatedAt"
        defaultOrder="desc"
        filters={[
          { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Référence, entreprise ou SIRET' },
          { name: 'status', label: 'Statut', type: 'select', options: requestStatusOptions, allLabel: 'Tous les statuts' },
          { name: 'departement', label: 'Département', type: 'text', hint: 'Numéro, par exemple 25' },
          ...(instructs ? [
            { name: 'todo', label: 'À faire', type: 'select' as const, options: TODO_OPTIONS.filter((o) => can('instruct') || o.value === 'payment'), allLabel: 'Toutes les demandes' },
            { name: 'overdue', label: 'Échéance', type: 'select' as const, options: [{ value: 'true', label: 'Avis en retard seulement' }], allLabel: 'Toutes les échéances', hint: 'Avec « Mon avis attendu »' },
          ] : []),
        ]}
        columns={[
          { label: 'Référence', sort: 'reference', rowHeader: true, render: (r) => <Link to={`/demandes/${r.id}`}>{r.reference}</Link> },
          { label: 'Entreprise', sort: 'companyName', render: (r) => <>{r.companyName}<br /><span className={fr.cx('fr-text--xs')}>SIRET {r.siret}</span></> },
          { label: 'Dép.', key: 'departement' },
          { label: 'Statut', sort: 'status', render: (r) => <StatusBadge status={r.status} map={REQUEST_STATUS_BADGES} /> },
          { label: 'Échéance', render: (r) => <DueBadge dueOn={r.dueOn} isOverdue={r.isOverdue} /> },
          { label: 'Stagiaires', numeric: true, render: (r) => r.traineeCount },
          { label: 'Coût total', sort: 'totalCostCents', numeric: true, render: (r) => <Money cents={r.totalCostCents} /> },
          { label: 'Déposée le', sort: 'submittedAt', render: (r) => <DateFr value={r.submittedAt} style="short" empty="Non déposée" /> },
          { label: 'Mise à jour', sort: 'updatedAt', render: (r) => <DateFr value={r.updatedAt} style="short" /> },
        ]}
        emptyMessage={mayFile ? 'Aucune demande pour le moment. Utilisez « Nouvelle demande » pour en préparer une.' : undefined}
      />
    </Page>
  );
}
