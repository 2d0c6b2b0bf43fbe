import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { useSession } from '../api/session.js';
import { useMutation } from '../api/useApi.js';
import { Notice } from '../components/feedback.js';
import { Form } from '../components/forms.js';
import { Page } from '../components/Page.js';
import { NotificationPreferences } from '../worklist/NotificationPreferences.js';
import { ORGANISATION_KIND_LABELS, ROLE_LABELS } from '../../../src/platform/identity/roles.js';

/** The signed-in user, and the switch between organisations when they have several. */
export function AccountPage() {
  const { me, switchMembership } = useSession();
  const [choice, setChoice] = useState<number | undefined>(me?.membership.id);
  const [done, setDone] = useState<string | undefined>();
  const change = useMutation(async () => {
    if (choice === undefined || choice === me?.membership.id) return;
    await switchMembership(choice);
    setDone('Organisation active changée.');
  });
  if (!me) return null;
  return (
    <Page title="Mon compte" breadcrumb={[]} size="narrow">
      {done && <Notice message={done} onClose={() => setDone(undefined)} />}
      <dl className="parcours-summary fr-mb-5w">
        <dt>Nom</dt><dd>{me.user.displayName}</dd>
        <dt>Adresse électronique</dt><dd>{me.user.email}</dd>
        <dt>Organisation active</dt><dd>{me.membership.organisation.name} ({me.membership.organisation.kindLabel})</dd>
        <dt>Rôle</dt><dd>{me.membership.roleLabel}</dd>
      </dl>
      {me.memberships.length > 1 && (
        <>
          <h2>Changer d’organisation</h2>
          <Form error={change.error} onSubmit={change.run} pending={change.pending} submitLabel="Changer d’organisation">
            <fieldset className={fr.cx('fr-fieldset')} id="rattachements" aria-labelledby="rattachements-legend">
              <legend className={fr.cx('fr-fieldset__legend--regular', 'fr-fieldset__legend')} id="rattachements-legend">Organisation avec laquelle travailler</legend>
              {me.memberships.map((m) => (
                <div key={m.id} className={fr.cx('fr-fieldset__element')}>
                  <div className={fr.cx('fr-radio-group')}>
                    <input type="radio" id={`rattachement-${m.id}`} name="membership" checked={choice === m.id} onChange={() => setChoice(m.id)} />
                    <label className={fr.cx('fr-label')} htmlFor={`rattachement-${m.id}`}>
                      {m.organisationName}
                      <span className={fr.cx('fr-hint-text')}>
                        {ORGANISATION_KIND_LABELS[m.organisationKind as keyof typeof ORGANISATION_KIND_LABELS] ?? m.organisationKind} — {ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? m.role}
                      </span>
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
          </Form>
        </>
      )}
      <NotificationPreferences />
    </Page>
  );
}
