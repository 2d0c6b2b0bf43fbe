import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { DataList } from '../../components/DataList.js';
import { FlashNotice, StatusBadge } from '../../components/feedback.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB, kindOptions, type Organisation } from './labels.js';

export function OrganisationsPage() {
  return (
    <Page title="Organisations" breadcrumb={[ADMIN_CRUMB]}
      lead="Entreprises, financeurs, services de l’État et partenaires de la cellule."
      actions={<Link className={fr.cx('fr-btn', 'fr-icon-add-line', 'fr-btn--icon-left')} to="/administration/organisations/nouvelle">Créer une organisation</Link>}>
      <FlashNotice />
      <DataList<Organisation>
        endpoint="/api/organisations"
        caption="Liste des organisations"
        defaultSort="name"
        filters={[
          { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom ou début de SIRET' },
          { name: 'kind', label: 'Type d’organisation', type: 'select', options: kindOptions, allLabel: 'Tous les types' },
        ]}
        columns={[
          { label: 'Nom', sort: 'name', rowHeader: true, render: (o) => <Link to={`/administration/organisations/${o.id}`}>{o.name}</Link> },
          { label: 'Type', sort: 'kind', key: 'kindLabel' },
          { label: 'SIRET', key: 'siret' },
          { label: 'Département', sort: 'departement', key: 'departement' },
          { label: 'État', render: (o) => o.isActive ? <StatusBadge label="Active" severity="success" /> : <StatusBadge label="Inactive" /> },
        ]}
        emptyMessage="Aucune organisation ne correspond à ces critères."
      />
    </Page>
  );
}
