import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { DataList } from '../../components/DataList.js';
import { FlashNotice, StatusBadge } from '../../components/feedback.js';
import { DateFr } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB, roleOptions, type UserRow } from './labels.js';
import { useOrganisationOptions } from './useOrganisationOptions.js';

export function UsersPage() {
  const organisations = useOrganisationOptions();
  return (
    <Page title="Utilisateurs" breadcrumb={[ADMIN_CRUMB]}
      lead="Comptes des personnes qui utilisent Parcours, leurs organisations et leurs rôles."
      actions={<Link className={fr.cx('fr-btn', 'fr-icon-user-add-line', 'fr-btn--icon-left')} to="/administration/utilisateurs/nouveau">Créer un utilisateur</Link>}>
      <FlashNotice />
      <DataList<UserRow>
        endpoint="/api/users"
        caption="Liste des utilisateurs"
        defaultSort="displayName"
        filters={[
          { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom ou adresse électronique' },
          { name: 'role', label: 'Rôle', type: 'select', options: roleOptions, allLabel: 'Tous les rôles' },
          { name: 'organisationId', label: 'Organisation', type: 'select', options: organisations.options, allLabel: 'Toutes les organisations' },
        ]}
        columns={[
          { label: 'Nom', sort: 'displayName', rowHeader: true, render: (u) => <Link to={`/administration/utilisateurs/${u.id}`}>{u.displayName}</Link> },
          { label: 'Adresse électronique', sort: 'email', key: 'email' },
          { label: 'Organisation', key: 'organisationName' },
          { label: 'Créé le', sort: 'createdAt', render: (u) => <DateFr value={u.createdAt} style="short" /> },
          { label: 'État', render: (u) => u.isActive ? <StatusBadge label="Actif" severity="success" /> : <StatusBadge label="Désactivé" severity="error" /> },
        ]}
        emptyMessage="Aucun utilisateur ne correspond à ces critères."
      />
    </Page>
  );
}
