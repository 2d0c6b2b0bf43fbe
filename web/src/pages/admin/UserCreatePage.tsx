import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api, ApiError } from '../../api/client.js';
import { useMutation } from '../../api/useApi.js';
import { useNotify } from '../../components/feedback.js';
import { Fieldset, Form, SelectField, TextField, useFormValues } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB, roleOptions, USERS_CRUMB } from './labels.js';
import { useOrganisationOptions } from './useOrganisationOptions.js';

export function UserCreatePage() {
  const organisations = useOrganisationOptions();
  const [values, set] = useFormValues({ displayName: '', email: '', password: '', organisationId: '', role: '' });
  const notify = useNotify();
  const save = useMutation(async () => {
    const missing = [
      !values.displayName.trim() && { path: 'displayName', message: 'Saisissez le prénom et le nom.' },
      !values.email.trim() && { path: 'email', message: 'Saisissez l’adresse électronique.' },
      !values.organisationId && { path: 'membership.organisationId', message: 'Choisissez l’organisation de rattachement.' },
      !values.role && { path: 'membership.role', message: 'Choisissez le rôle.' },
    ].filter((i): i is { path: string; message: string } => !!i);
    if (missing.length) throw new ApiError(400, 'invalid', 'Certaines informations sont à corriger.', missing[0].path, missing);
    const body = {
      displayName: values.displayName, email: values.email,
      password: values.password || undefined,
      membership: values.organisationId || values.role
        ? { organisationId: values.organisationId ? Number(values.organisationId) : 0, role: values.role || undefined }
        : undefined,
    };
    const created = await api.post<{ id: number; displayName: string }>('/api/users', body);
    notify(`/administration/utilisateurs/${created.id}`, `Compte de ${created.displayName} créé.`);
  });
  return (
    <Page title="Créer un utilisateur" breadcrumb={[ADMIN_CRUMB, USERS_CRUMB]} size="narrow"
      lead="Le compte est rattaché à une première organisation avec un rôle ; d’autres rattachements peuvent être ajoutés ensuite.">
      <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Créer le compte"
        secondary={<Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to="/administration/utilisateurs">Annuler</Link>}>
        <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
        <Fieldset legend="Identité">
          <TextField name="displayName" label="Prénom et nom" required value={values.displayName} onChange={set('displayName')} autoComplete="off" />
          <TextField name="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" type="email" required value={values.email} onChange={set('email')} autoComplete="off" spellCheck={false} />
          <TextField name="password" label="Mot de passe initial" hint="12 caractères au moins. Laissez vide si la personne se connecte uniquement par ProConnect." type="password" value={values.password} onChange={set('password')} autoComplete="new-password" />
        </Fieldset>
        <Fieldset legend="Premier rattachement">
          <SelectField name="membership.organisationId" label="Organisation" required value={values.organisationId} onChange={set('organisationId')}
            options={organisations.options} placeholder={organisations.loading ? 'Chargement…' : 'Choisir une organisation'} />
          <SelectField name="membership.role" label="Rôle" required value={values.role} onChange={set('role')} options={roleOptions} placeholder="Choisir un rôle" />
        </Fieldset>
      </Form>
    </Page>
  );
}
