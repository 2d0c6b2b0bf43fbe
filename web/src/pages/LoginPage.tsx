import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton.js';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { useSession } from '../api/session.js';
import { FlashNotice } from '../components/feedback.js';
import { Form, TextField } from '../components/forms.js';
import { usePageTitle } from '../components/Page.js';

const OIDC_ERRORS: Record<string, { title: string; text: string }> = {
  oidc_inconnu: {
    title: 'Compte non reconnu',
    text: 'Votre identité a bien été vérifiée, mais aucun compte Parcours n’est associé à cette adresse électronique. Demandez au secrétariat de la cellule de créer votre compte, puis réessayez.',
  },
  oidc_echec: {
    title: 'La connexion n’a pas abouti',
    text: 'La connexion par le fournisseur d’identité a échoué ou a été interrompue. Réessayez, ou connectez-vous avec votre adresse électronique et votre mot de passe.',
  },
};

/** Only same-site paths are followed after login. */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/connexion') ? value : '/';
}

export function LoginPage() {
  usePageTitle('Connexion');
  const { me, refresh } = useSession();
  const [params] = useSearchParams();
  const retour = safeReturn(params.get('retour'));
  const erreur = params.get('erreur');
  const options = useApi<{ oidc: { label: string } | null; authenticated: boolean }>('/api/auth/options');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const login = useMutation(async () => {
    await api.post('/api/auth/login', { email, password });
    await refresh();
  });

  if (me) return <Navigate to={retour} replace />;

  const oidcError = erreur ? OIDC_ERRORS[erreur] ?? OIDC_ERRORS.oidc_echec : undefined;
  const oidc = options.data?.oidc;

  return (
    <div className="parcours-login fr-pb-10w">
      <div className={fr.cx('fr-container', 'fr-container--fluid', 'fr-mb-md-14v')}>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--center')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-8', 'fr-col-lg-6')}>
            <div className={fr.cx('fr-container', 'fr-px-md-0', 'fr-py-10v', 'fr-py-md-14v', 'fr-mt-6w') + ' parcours-panel'}>
              <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--center')}>
                <div className={fr.cx('fr-col-12', 'fr-col-md-9', 'fr-col-lg-8')}>
                  <h1>Connexion à Parcours</h1>
                  <FlashNotice />
                  {oidcError && (
                    <div role="alert" className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mb-4w')}>
                      <h2 className={fr.cx('fr-alert__title')}>{oidcError.title}</h2>
                      <p>{oidcError.text}</p>
                    </div>
                  )}
                  {oidc && (
                    <div className={fr.cx('fr-mb-6v')}>
                      <h2>Se connecter avec {oidc.label}</h2>
                      <ProConnectButton url={`/api/auth/oidc/start${retour !== '/' ? `?retour=${encodeURIComponent(retour)}` : ''}`} />
                      <p className="fr-hr-or">ou</p>
                    </div>
                  )}
                  <h2>Se connecter avec son compte</h2>
                  <Form error={login.error} onSubmit={login.run} submitLabel="Se connecter" pending={login.pending}>
                    <fieldset className={fr.cx('fr-fieldset')} aria-labelledby="identifiants-legend">
                      <legend className={fr.cx('fr-fieldset__legend')} id="identifiants-legend">
                        Identifiants<span className={fr.cx('fr-hint-text')}>Tous les champs sont obligatoires.</span>
                      </legend>
                      <div className={fr.cx('fr-fieldset__element')}>
                        <TextField name="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" type="email"
                          autoComplete="username" value={email} onChange={setEmail} spellCheck={false} />
                      </div>
                      <div className={fr.cx('fr-fieldset__element')}>
                        <TextField name="password" label="Mot de passe" type={showPassword ? 'text' : 'password'}
                          autoComplete="current-password" value={password} onChange={setPassword} />
                        <div className={fr.cx('fr-checkbox-group', 'fr-checkbox-group--sm')}>
                          <input id="afficher-mot-de-passe" type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
                          <label className={fr.cx('fr-label')} htmlFor="afficher-mot-de-passe">Afficher le mot de passe</label>
                        </div>
                      </div>
                    </fieldset>
                  </Form>
                  <hr className={fr.cx('fr-mt-4w')} />
                  <p className={fr.cx('fr-text--sm')}>
                    Mot de passe oublié ou pas encore de compte ? Les comptes sont créés par le secrétariat de la cellule opérationnelle :
                    contactez-le pour obtenir un accès ou un nouveau mot de passe.
                  </p>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
