import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useApi, useMutation } from '../../api/useApi.js';
import { ErrorAlert, FlashNotice, Loading, useNotify } from '../../components/feedback.js';
import { CheckboxField, Form, SelectField, TextAreaField, TextField, useFormValues } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { EmploymentAreaField } from '../../components/EmploymentAreaField.js';
import { employmentAreaLabel } from '../../../../src/shared/employmentAreas.js';
import { Timeline, type TimelineEvent } from '../../components/Timeline.js';
import { ADMIN_CRUMB, kindLabel, kindOptions, ORGS_CRUMB, type Organisation } from './labels.js';

const empty = { kind: '', name: '', siret: '', departement: '', employmentArea: '', address: '', isActive: true };
type Values = typeof empty;

function toValues(o: Organisation): Values {
  return { kind: o.kind, name: o.name, siret: o.siret ?? '', departement: o.departement ?? '', employmentArea: o.employmentArea ?? '', address: o.address ?? '', isActive: o.isActive };
}

function toBody(v: Values) {
  return {
    kind: v.kind || undefined, name: v.name,
    siret: v.siret.trim() || null, departement: v.departement.trim().toUpperCase() || null, employmentArea: v.employmentArea || null,
    address: v.address.trim() || null, isActive: v.isActive,
  };
}

/** /administration/organisations/nouvelle (create) and /administration/organisations/:id (edit, history). */
export function OrganisationFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const existing = useApi<Organisation>(editing ? `/api/organisations/${id}` : null);
  const history = useApi<{ items: TimelineEvent[] }>(editing ? `/api/history/organisation/${id}` : null);
  const [values, set, setValues] = useFormValues<Values>(empty);
  const notify = useNotify();

  useEffect(() => { if (existing.data) setValues(toValues(existing.data)); }, [existing.data, setValues]);

  const save = useMutation(async () => {
    if (editing) {
      const saved = await api.patch<Organisation>(`/api/organisations/${id}`, { ...toBody(values), version: existing.data!.version });
      existing.setData(saved);
      history.reload();
      notify(`/administration/organisations/${id}`, `Organisation « ${saved.name} » enregistrée.`);
    } else {
      const created = await api.post<Organisation>('/api/organisations', toBody(values));
      notify('/administration/organisations', `Organisation « ${created.name} » créée.`);
    }
  });

  const title = editing ? (existing.data ? existing.data.name : 'Organisation') : 'Créer une organisation';
  const reloadAfterConflict = () => { save.reset(); existing.reload(); history.reload(); };

  return (
    <Page title={title} breadcrumb={[ADMIN_CRUMB, ORGS_CRUMB]} size="narrow"
      lead={editing && existing.data ? kindLabel(existing.data.kind) : 'Les organisations regroupent les comptes : entreprises, financeurs, services de l’État, partenaires.'}>
      <FlashNotice />
      {editing && existing.loading && !existing.data && <Loading />}
      {editing && existing.error && <ErrorAlert error={existing.error} onRetry={existing.reload} />}
      {(!editing || existing.data) && (
        <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={editing ? 'Enregistrer les modifications' : 'Créer l’organisation'}
          secondary={<Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to="/administration/organisations">Annuler</Link>}>
          {save.error?.isVersionConflict && (
            <p><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={reloadAfterConflict}>Charger la dernière version (vos modifications seront perdues)</button></p>
          )}
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
          <SelectField name="kind" label="Type d’organisation" required value={values.kind} onChange={set('kind')} options={kindOptions} placeholder="Choisir un type" />
          <TextField name="name" label="Nom" required value={values.name} onChange={set('name')} maxLength={200} />
          <TextField name="siret" label="SIRET" hint="14 chiffres, obligatoire pour les entreprises" value={values.siret} onChange={set('siret')} inputMode="numeric" />
          <TextField name="departement" label="Département" hint="Numéro, par exemple 25, 2A ou 974" value={values.departement} onChange={set('departement')} maxLength={3} />
          <EmploymentAreaField name="employmentArea" value={values.employmentArea} onChange={set('employmentArea')} departement={values.departement} />
          <TextAreaField name="address" label="Adresse postale" value={values.address} onChange={set('address')} rows={3} maxLength={300} />
          <CheckboxField name="isActive" label="Organisation active" hint="Une organisation inactive n’apparaît plus dans les choix." checked={values.isActive} onChange={set('isActive')} />
        </Form>
      )}
      {editing && history.data && (
        <section className={fr.cx('fr-mt-8w')} aria-labelledby="historique">
          <h2 id="historique">Historique</h2>
          <Timeline events={history.data.items} fieldLabels={{ kind: 'Type', name: 'Nom', siret: 'SIRET', departement: 'Département', employmentArea: 'Zone d’emploi', address: 'Adresse', isActive: 'Active' }}
            renderValue={(key, value) => typeof value !== 'string' ? undefined : key === 'kind' ? kindLabel(value) : key === 'employmentArea' ? employmentAreaLabel(value) : undefined} />
        </section>
      )}
    </Page>
  );
}
