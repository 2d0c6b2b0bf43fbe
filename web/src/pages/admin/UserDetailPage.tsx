import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, ApiError } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { useSession } from '../../api/session.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { EmptyState, ErrorAlert, FlashNotice, Loading, Notice, StatusBadge } from '../../components/feedback.js';
import { DateFr } from '../../components/format.js';
import { Form, SelectField, TextField } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { Timeline, type TimelineEvent } from '../../components/Timeline.js';
import { ADMIN_CRUMB, kindLabel, roleLabel, roleOptions, USERS_CRUMB, type UserDetail } from './labels.js';
import { useOrganisationOptions } from './useOrganisationOptions.js';

/** /administration/utilisateurs/:id — account, memberships, password, deactivation, history. */
export function UserDetailPage() {
  const { id } = useParams();
  const { me } = useSession();
  const user = useApi<UserDetail>(`/api/users/${id}`);
  const history = useApi<{ items: TimelineEvent[] }>(`/api/history/user/${id}`);
  const organisations = useOrganisationOptions();
  const organisationName = (orgId: unknown) => organisations.options.find((o) => o.value === String(orgId))?.label ?? `organisation n° ${String(orgId)}`;
  const [notice, setNotice] = useState<string | undefined>();
  const refresh = (message: string) => { user.reload(); history.reload(); setNotice(message); };

  if (user.error) {
    return <Page title="Utilisateur" breadcrumb={[ADMIN_CRUMB, USERS_CRUMB]}><ErrorAlert error={user.error} onRetry={user.reload} /></Page>;
  }
  if (!user.data) return <Page title="Utilisateur" breadcrumb={[ADMIN_CRUMB, USERS_CRUMB]}><Loading /></Page>;
  const u = user.data;

  const setActive = async (isActive: boolean) => {
    await api.patch(`/api/users/${u.id}`, { isActive, version: u.version });
    refresh(isActive ? 'Compte réactivé.' : 'Compte désactivé : ses sessions ont été fermées.');
  };

  return (
    <Page title={u.displayName} documentTitle={`${u.displayName} — Utilisateurs`} breadcrumb={[ADMIN_CRUMB, USERS_CRUMB]}
      lead={<>{u.email} {u.isActive ? <StatusBadge label="Actif" severity="success" /> : <StatusBadge label="Désactivé" severity="error" />}</>}>
      <FlashNotice />
      {notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}

      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-lg-8')}>
          <section aria-labelledby="rattachements" className={fr.cx('fr-mb-6w')}>
            <h2 id="rattachements">Rattachements</h2>
            {u.memberships.length === 0
              ? <EmptyState title="Aucun rattachement">Sans rattachement, la personne ne peut pas se connecter.</EmptyState>
              : (
                <div className={fr.cx('fr-table')}>
                  <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')}><div className={fr.cx('fr-table__content')}>
                    <table>
                      <caption className={fr.cx('fr-sr-only')}>Organisations auxquelles {u.displayName} est rattaché(e)</caption>
                      <thead><tr><th scope="col">Organisation</th><th scope="col">Type</th><th scope="col">Rôle</th><th scope="col"><span className={fr.cx('fr-sr-only')}>Actions</span></th></tr></thead>
                      <tbody>
                        {u.memberships.map((m) => (
                          <tr key={m.id}>
                            <th scope="row"><Link to={`/administration/organisations/${m.organisationId}`}>{m.organisationName}</Link></th>
                            <td>{kindLabel(m.organisationKind)}</td>
                            <td>{roleLabel(m.role)}</td>
                            <td>
                              {m.id === me?.membership.id ? <span className={fr.cx('fr-text--sm')}>Rattachement en cours d’utilisation</span> : (
                                <ConfirmButton label="Retirer" srLabel={`Retirer le rattachement à ${m.organisationName}`}
                                  title="Retirer ce rattachement ?" confirmLabel="Retirer le rattachement"
                                  onConfirm={async () => { await api.delete(`/api/memberships/${m.id}`); refresh(`Rattachement à ${m.organisationName} retiré.`); }}>
                                  <p>{u.displayName} n’aura plus accès à Parcours au titre de <strong>{m.organisationName}</strong> ; ses sessions ouvertes avec ce rattachement seront fermées.</p>
                                </ConfirmButton>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div></div></div>
                </div>
              )}
            <AddMembership userId={u.id} onDone={(name) => refresh(`Rattachement à ${name} ajouté.`)} />
          </section>

          <section aria-labelledby="historique">
            <h2 id="historique">Historique</h2>
            {history.error && <ErrorAlert error={history.error} onRetry={history.reload} />}
            {history.data && (
              <Timeline events={history.data.items}
                fieldLabels={{ email: 'Adresse électronique', displayName: 'Nom', isActive: 'Actif', membership: 'Rattachement', organisationId: 'Organisation', role: 'Rôle', passwordChanged: 'Mot de passe changé' }}
                renderValue={(key, value) => key === 'role' && typeof value === 'string' ? roleLabel(value)
                  : key === 'organisationId' ? organisationName(value)
                  : key === 'membership' && value && typeof value === 'object' ? `${organisationName((value as any).organisationId)}, ${roleLabel((value as any).role)}` : undefined} />
            )}
          </section>
        </div>

        <div className={fr.cx('fr-col-12', 'fr-col-lg-4')}>
          <section aria-labelledby="compte" className={fr.cx('fr-p-3w', 'fr-mb-4w') + ' parcours-filters'}>
            <h2 id="compte" className={fr.cx('fr-h4')}>Compte</h2>
            <dl className="parcours-summary fr-mb-3w">
              <dt>Créé le</dt><dd><DateFr value={u.createdAt} /></dd>
              <dt>Connexion ProConnect</dt><dd>{u.oidcSubject ? 'Liée' : 'Non liée'}</dd>
            </dl>
            {u.isActive ? (
              <ConfirmButton label="Désactiver le compte" title="Désactiver ce compte ?" confirmLabel="Désactiver le compte"
                onConfirm={() => setActive(false)}>
                <p>{u.displayName} ne pourra plus se connecter et ses sessions en cours seront fermées. L’historique est conservé ; le compte peut être réactivé.</p>
              </ConfirmButton>
            ) : (
              <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm')} onClick={() => { void setActive(true).catch(() => user.reload()); }}>Réactiver le compte</button>
            )}
          </section>
          <ResetPassword user={u} onDone={() => refresh('Mot de passe réinitialisé. Communiquez-le à la personne par un canal sûr.')} />
        </div>
      </div>
    </Page>
  );
}

function AddMembership({ userId, onDone }: { userId: number; onDone: (organisationName: string) => void }) {
  const organisations = useOrganisationOptions();
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState('');
  const add = useMutation(async () => {
    const missing = [
      !organisationId && { path: 'organisationId', message: 'Choisissez l’organisation.' },
      !role && { path: 'role', message: 'Choisissez le rôle.' },
    ].filter((i): i is { path: string; message: string } => !!i);
    if (missing.length) throw new ApiError(400, 'invalid', 'Certaines informations sont à corriger.', missing[0].path, missing);
    await api.post(`/api/users/${userId}/memberships`, { organisationId: Number(organisationId), role });
    const name = organisations.options.find((o) => o.value === organisationId)?.label ?? 'l’organisation';
    setOrganisationId(''); setRole('');
    onDone(name);
  });
  return (
    <div className={fr.cx('fr-mt-4w')}>
      <h3 className={fr.cx('fr-h5')}>Ajouter un rattachement</h3>
      <Form error={add.error} onSubmit={add.run} pending={add.pending} submitLabel="Ajouter le rattachement" ariaLabel="Ajouter un rattachement">
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-7')}>
            <SelectField name="organisationId" id="nouveau-rattachement-organisation" label="Organisation" value={organisationId} onChange={setOrganisationId}
              options={organisations.options} placeholder="Choisir une organisation" />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
            <SelectField name="role" id="nouveau-rattachement-role" label="Rôle" value={role} onChange={setRole} options={roleOptions} placeholder="Choisir un rôle" />
          </div>
        </div>
      </Form>
    </div>
  );
}

function ResetPassword({ user, onDone }: { user: UserDetail; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const reset = useMutation(async () => {
    if (password.length < 12) throw new ApiError(400, 'invalid', 'Le mot de passe doit compter au moins 12 caractères.', 'password', [{ path: 'password', message: 'Le mot de passe doit compter au moins 12 caractères.' }]);
    await api.patch(`/api/users/${user.id}`, { password, version: user.version });
    setPassword('');
    onDone();
  });
  return (
    <section aria-labelledby="mot-de-passe" className={fr.cx('fr-p-3w') + ' parcours-filters'}>
      <h2 id="mot-de-passe" className={fr.cx('fr-h4')}>Réinitialiser le mot de passe</h2>
      <Form error={reset.error} onSubmit={reset.run} pending={reset.pending} submitLabel="Définir ce mot de passe" ariaLabel="Réinitialiser le mot de passe">
        <TextField name="password" id="nouveau-mot-de-passe" label="Nouveau mot de passe" hint="12 caractères au moins" type="password" autoComplete="new-password" value={password} onChange={setPassword} />
      </Form>
    </section>
  );
}
