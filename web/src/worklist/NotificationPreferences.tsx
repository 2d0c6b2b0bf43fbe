import { useEffect, useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Notice } from '../components/feedback.js';
import { Form } from '../components/forms.js';

interface Preferences { modes: { mode: string; label: string }[]; items: { kind: string; label: string; mode: string }[] }

/** On the account page: per kind of notification, an e-mail at once, in the daily digest, or none. */
export function NotificationPreferences() {
  const { data, error, reload, setData } = useApi<Preferences>('/api/notifications/preferences');
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | undefined>();
  useEffect(() => { if (data) setChoices(Object.fromEntries(data.items.map((i) => [i.kind, i.mode]))); }, [data]);
  const save = useMutation(async () => {
    const next = await api.put<Preferences>('/api/notifications/preferences', { preferences: Object.entries(choices).map(([kind, mode]) => ({ kind, mode })) });
    setData(next);
    setDone('Préférences enregistrées.');
  });
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <section aria-labelledby="preferences-titre" className={fr.cx('fr-mt-5w')}>
      <h2 id="preferences-titre">Préférences de notification</h2>
      <p>Chaque notification reste visible dans l’application. Choisissez, pour chaque type, si vous la recevez aussi par courriel, aussitôt ou dans un récapitulatif envoyé chaque matin.</p>
      <div aria-live="polite">{done && <Notice message={done} onClose={() => setDone(undefined)} />}</div>
      <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer mes préférences" ariaLabel="Préférences de notification">
        {data.items.map((item) => (
          <fieldset key={item.kind} className={fr.cx('fr-fieldset')} id={`pref-${item.kind}`} aria-labelledby={`pref-${item.kind}-legend`}>
            <legend className={fr.cx('fr-fieldset__legend--regular', 'fr-fieldset__legend')} id={`pref-${item.kind}-legend`}>{item.label}</legend>
            {data.modes.map((m) => (
              <div key={m.mode} className={fr.cx('fr-fieldset__element', 'fr-fieldset__element--inline')}>
                <div className={fr.cx('fr-radio-group')}>
                  <input type="radio" id={`pref-${item.kind}-${m.mode}`} name={`pref-${item.kind}`} checked={choices[item.kind] === m.mode}
                    onChange={() => setChoices((c) => ({ ...c, [item.kind]: m.mode }))} />
                  <label className={fr.cx('fr-label')} htmlFor={`pref-${item.kind}-${m.mode}`}>{m.label}</label>
                </div>
              </div>
            ))}
          </fieldset>
        ))}
      </Form>
    </section>
  );
}
