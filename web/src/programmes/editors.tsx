import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api, type Page as ListPage } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import {
  CheckboxField, DateField, EurosField, Form, NumberField, SelectField, TextAreaField, TextField, useFormValues, validateWith,
} from '../components/forms.js';
import { PARTNER_KINDS } from '../../../src/platform/identity/roles.js';
import {
  envelopeBody, envelopePatch, fundingRuleBody, fundingRulePatch, measureBody, measurePatch, programmeBody, programmePatch,
  routingRuleBody, routingRulePatch, targetBody, targetPatch,
} from '../../../src/programmes/schema.js';
import type { ZodType } from 'zod';
import { funderLabel, funderOptions, measureKindOptions, nafSectionOptions } from './labels.js';
import type { Envelope, FundingRule, MeasureSummary, ProgrammeSummary, RoutingRule, Target } from './types.js';

/**
 * The administrators' forms for programmes as data. Each one validates with the shared
 * zod schema (src/programmes/schema.ts) before sending, so the message under a field is
 * the one the API would give, then shows the API's refusals (409 in French, version
 * conflicts with a reload button).
 */

export interface EditorProps<T> {
  item?: T;
  /** Called with a French success message once saved. */
  onDone: (message: string) => void;
  onCancel: () => void;
  /** Reloads the page's data after a version conflict (the form then takes the new values). */
  onReload?: () => void;
}

/** Frame of an inline editor: a titled panel whose heading takes focus when it opens. */
export function EditorPanel({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);
  const id = useMemo(() => `editeur-${Math.random().toString(36).slice(2, 9)}`, []);
  return (
    <section aria-labelledby={id} className={fr.cx('fr-p-3w', 'fr-my-3w') + ' parcours-editor'}>
      <h3 id={id} ref={heading} tabIndex={-1} className={fr.cx('fr-h5')}>{title}</h3>
      <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      {children}
    </section>
  );
}

function check<T>(schema: ZodType<T>, body: unknown): T {
  const result = validateWith(schema, body);
  if (!result.ok) throw result.error;
  return result.value;
}

const cancelButton = (onCancel: () => void) => (
  <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={onCancel}>Annuler</button>
);

function ConflictReload({ show, onReload }: { show: boolean; onReload?: () => void }) {
  if (!show || !onReload) return null;
  return (
    <p>
      <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={onReload}>
        Charger la dernière version (vos modifications seront perdues)
      </button>
    </p>
  );
}

const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());

// ---- Programme ---------------------------------------------------------------

export function ProgrammeForm({ item, onDone, onCancel, onReload, onCreated }: EditorProps<Omit<ProgrammeSummary, 'measures'>> & { onCreated?: (id: number, message: string) => void }) {
  const [values, set, setValues] = useFormValues({ code: '', name: '', description: '', startsOn: '', endsOn: '' });
  useEffect(() => {
    if (item) setValues({ code: item.code, name: item.name, description: item.description ?? '', startsOn: item.startsOn, endsOn: item.endsOn ?? '' });
  }, [item, setValues]);
  const save = useMutation(async () => {
    const body = { code: values.code.trim().toUpperCase(), name: values.name, description: nullIfEmpty(values.description), startsOn: values.startsOn, endsOn: values.endsOn || null };
    if (item) {
      const saved = await api.patch<{ name: string }>(`/api/programmes/${item.id}`, check(programmePatch, { ...body, version: item.version }));
      onDone(`Programme « ${saved.name} » enregistré.`);
    } else {
      const created = await api.post<{ id: number; name: string }>('/api/programmes', check(programmeBody, body));
      const message = `Programme « ${created.name} » créé.`;
      if (onCreated) onCreated(created.id, message); else onDone(message);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer le programme' : 'Créer le programme'} secondary={cancelButton(onCancel)}>
      <ConflictReload show={!!save.error?.isVersionConflict} onReload={onReload && (() => { save.reset(); onReload(); })} />
      <TextField name="code" label="Code" hint="Majuscules, chiffres et tirets, par exemple ACTE3" required value={values.code} onChange={set('code')} maxLength={40} />
      <TextField name="name" label="Nom" required value={values.name} onChange={set('name')} maxLength={200} />
      <TextAreaField name="description" label="Description" value={values.description} onChange={set('description')} rows={3} maxLength={4000} />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="startsOn" label="Début" required value={values.startsOn} onChange={set('startsOn')} /></div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="endsOn" label="Fin" hint="Facultative. Format attendu : JJ/MM/AAAA" value={values.endsOn} onChange={set('endsOn')} /></div>
      </div>
    </Form>
  );
}

// ---- Measure -----------------------------------------------------------------

export function MeasureForm({ programmeId, item, onDone, onCancel, onReload }: EditorProps<MeasureSummary> & { programmeId: number }) {
  const [values, set, setValues] = useFormValues({ code: '', name: '', kind: '', startsOn: '', endsOn: '' });
  useEffect(() => {
    if (item) setValues({ code: item.code, name: item.name, kind: item.kind, startsOn: item.startsOn, endsOn: item.endsOn ?? '' });
  }, [item, setValues]);
  const save = useMutation(async () => {
    const body = { code: values.code.trim().toUpperCase(), name: values.name, kind: values.kind || undefined, startsOn: values.startsOn, endsOn: values.endsOn || null };
    if (item) {
      const saved = await api.patch<{ code: string }>(`/api/measures/${item.id}`, check(measurePatch, { ...body, version: item.version }));
      onDone(`Dispositif ${saved.code} enregistré.`);
    } else {
      const created = await api.post<{ code: string }>('/api/measures', check(measureBody, { ...body, programmeId }));
      onDone(`Dispositif ${created.code} créé.`);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer le dispositif' : 'Créer le dispositif'} secondary={cancelButton(onCancel)}>
      <ConflictReload show={!!save.error?.isVersionConflict} onReload={onReload && (() => { save.reset(); onReload(); })} />
      <TextField name="code" label="Code du dispositif" hint="Majuscules, chiffres et tirets, par exemple ACTE2-AXE1" required value={values.code} onChange={set('code')} maxLength={40} />
      <TextField name="name" label="Nom du dispositif" required value={values.name} onChange={set('name')} maxLength={200} />
      <SelectField name="kind" label="Type de dispositif" required value={values.kind} onChange={set('kind')} options={measureKindOptions} placeholder="Choisir un type"
        hint={item && item.kind ? 'Il ne peut plus changer une fois des demandes déposées.' : undefined} />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="startsOn" label="Début du dispositif" required value={values.startsOn} onChange={set('startsOn')} /></div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="endsOn" label="Fin du dispositif" hint="Facultative. Format attendu : JJ/MM/AAAA" value={values.endsOn} onChange={set('endsOn')} /></div>
      </div>
    </Form>
  );
}

// ---- Target ------------------------------------------------------------------

export function TargetForm({ measureId, item, onDone, onCancel }: EditorProps<Target> & { measureId: number }) {
  const [values, set, setValues] = useFormValues<{ indicator: string; label: string; value: number | null }>({ indicator: '', label: '', value: null });
  useEffect(() => { if (item) setValues({ indicator: item.indicator, label: item.label, value: item.value }); }, [item, setValues]);
  const save = useMutation(async () => {
    const body = { indicator: values.indicator.trim(), label: values.label, value: values.value ?? undefined };
    if (item) {
      await api.patch(`/api/targets/${item.id}`, check(targetPatch, { ...body, version: item.version }));
      onDone(`Objectif « ${values.label} » enregistré.`);
    } else {
      await api.post('/api/targets', check(targetBody, { ...body, measureId }));
      onDone(`Objectif « ${values.label} » ajouté.`);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer l’objectif' : 'Ajouter l’objectif'} secondary={cancelButton(onCancel)}>
      <TextField name="indicator" label="Indicateur" hint="Code technique : minuscules, chiffres et _, par exemple employees" required value={values.indicator} onChange={set('indicator')} maxLength={40} spellCheck={false} />
      <TextField name="label" label="Libellé de l’objectif" required value={values.label} onChange={set('label')} maxLength={200} />
      <NumberField name="value" label="Valeur visée" required integer min={0} value={values.value} onChange={set('value')} />
    </Form>
  );
}

// ---- Envelope ----------------------------------------------------------------

export function EnvelopeForm({ measureId, item, onDone, onCancel, onReload }: EditorProps<Envelope> & { measureId: number }) {
  const [values, set, setValues] = useFormValues<{ funder: string; amountCents: number | null }>({ funder: '', amountCents: null });
  useEffect(() => { if (item) setValues({ funder: item.funder, amountCents: item.amountCents }); }, [item, setValues]);
  const save = useMutation(async () => {
    const body = { funder: values.funder || undefined, amountCents: values.amountCents ?? undefined };
    if (item) {
      await api.patch(`/api/envelopes/${item.id}`, check(envelopePatch, { ...body, version: item.version }));
      onDone(`Enveloppe ${funderLabel(values.funder)} enregistrée.`);
    } else {
      await api.post('/api/envelopes', check(envelopeBody, { ...body, measureId }));
      onDone(`Enveloppe ${funderLabel(values.funder)} ouverte.`);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer l’enveloppe' : 'Ouvrir l’enveloppe'} secondary={cancelButton(onCancel)}>
      <ConflictReload show={!!save.error?.isVersionConflict} onReload={onReload && (() => { save.reset(); onReload(); })} />
      <SelectField name="funder" label="Financeur" required value={values.funder} onChange={set('funder')} options={funderOptions} placeholder="Choisir un financeur"
        hint={item ? 'Il ne peut plus changer une fois des engagements pris.' : undefined} />
      <EurosField name="amountCents" label="Montant de l’enveloppe" required value={values.amountCents} onChange={set('amountCents')}
        hint={item && item.committedCents > 0 ? `En euros ; au moins le montant déjà engagé.` : undefined} />
    </Form>
  );
}

// ---- Funding rule ------------------------------------------------------------

type FundingRuleValues = {
  funder: string; label: string; validFrom: string; validTo: string;
  ratePercent: number | null; hourlyCapCents: number | null; maxHeadcount: number | null;
};

export function FundingRuleForm({ measureId, item, onDone, onCancel }: EditorProps<FundingRule> & { measureId: number }) {
  const [values, set, setValues] = useFormValues<FundingRuleValues>({ funder: '', label: '', validFrom: '', validTo: '', ratePercent: null, hourlyCapCents: null, maxHeadcount: null });
  useEffect(() => {
    if (item) setValues({
      funder: item.funder, label: item.label, validFrom: item.validFrom, validTo: item.validTo ?? '',
      ratePercent: item.maxRateBp === null ? null : item.maxRateBp / 100, hourlyCapCents: item.hourlyCapCents, maxHeadcount: item.maxHeadcount,
    });
  }, [item, setValues]);
  const save = useMutation(async () => {
    const body = {
      funder: values.funder || undefined, label: values.label, validFrom: values.validFrom, validTo: values.validTo || null,
      maxRateBp: values.ratePercent === null ? null : Math.round(values.ratePercent * 100),
      hourlyCapCents: values.hourlyCapCents, maxHeadcount: values.maxHeadcount,
    };
    if (item) {
      await api.patch(`/api/funding-rules/${item.id}`, check(fundingRulePatch, { ...body, version: item.version }));
      onDone(`Règle de financement « ${values.label} » enregistrée.`);
    } else {
      await api.post('/api/funding-rules', check(fundingRuleBody, { ...body, measureId }));
      onDone(`Règle de financement « ${values.label} » ajoutée.`);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer la règle' : 'Ajouter la règle'} secondary={cancelButton(onCancel)}>
      <SelectField name="funder" label="Financeur" required value={values.funder} onChange={set('funder')} options={funderOptions} placeholder="Choisir un financeur" />
      <TextField name="label" label="Libellé de la règle" required value={values.label} onChange={set('label')} maxLength={200} />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="validFrom" label="Valable du" required value={values.validFrom} onChange={set('validFrom')} /></div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}><DateField name="validTo" label="Valable au" hint="Facultative : sans date, la règle vaut jusqu’à nouvel ordre. Format attendu : JJ/MM/AAAA" value={values.validTo} onChange={set('validTo')} /></div>
      </div>
      <NumberField name="maxRateBp" label="Taux maximal de prise en charge" hint="En pourcentage du coût, par exemple 80 ou 12,5. Laisser vide : pas de taux maximal." min={0} max={100} value={values.ratePercent} onChange={set('ratePercent')} />
      <EurosField name="hourlyCapCents" label="Plafond horaire" hint="En euros par heure-stagiaire, par exemple 50,00. Laisser vide : pas de plafond." value={values.hourlyCapCents} onChange={set('hourlyCapCents')} />
      <NumberField name="maxHeadcount" label="Effectif maximal de l’entreprise" hint="La règle s’applique aux entreprises jusqu’à cet effectif. Laisser vide : toutes les entreprises." integer min={0} value={values.maxHeadcount} onChange={set('maxHeadcount')} />
    </Form>
  );
}

// ---- Routing rule ------------------------------------------------------------

interface PartnerOrganisation { id: number; kind: string; name: string; isActive: boolean }

const COMPANY_FUND = 'company-fund';

export function RoutingRuleForm({ measureId, item, onDone, onCancel }: EditorProps<RoutingRule> & { measureId: number }) {
  const orgs = useApi<ListPage<PartnerOrganisation>>('/api/organisations', { pageSize: 200, sort: 'name', order: 'asc' });
  const organisationOptions = useMemo(() => [
    { value: COMPANY_FUND, label: 'OPCA/OPCO de l’entreprise (celui choisi dans la demande)' },
    ...(orgs.data?.items ?? []).filter((o) => (PARTNER_KINDS as readonly string[]).includes(o.kind)).map((o) => ({ value: String(o.id), label: o.name })),
  ], [orgs.data]);
  const [values, set, setValues] = useFormValues({ label: '', organisation: '', funder: '', departement: '', nafSection: '', isJobSeekersOnly: false, isRequired: true });
  useEffect(() => {
    if (item) setValues({
      label: item.label, organisation: item.organisationId === null ? COMPANY_FUND : String(item.organisationId), funder: item.funder ?? '',
      departement: item.departement ?? '', nafSection: item.nafSection ?? '', isJobSeekersOnly: item.isJobSeekersOnly, isRequired: item.isRequired,
    });
  }, [item, setValues]);
  const save = useMutation(async () => {
    const body = {
      label: values.label,
      organisationId: values.organisation === COMPANY_FUND ? null : values.organisation ? Number(values.organisation) : undefined,
      funder: values.funder || null, departement: nullIfEmpty(values.departement.toUpperCase()), nafSection: values.nafSection || null,
      isJobSeekersOnly: values.isJobSeekersOnly, isRequired: values.isRequired,
    };
    if (item) {
      await api.patch(`/api/routing-rules/${item.id}`, check(routingRulePatch, { ...body, version: item.version }));
      onDone(`Règle d’aiguillage « ${values.label} » enregistrée.`);
    } else {
      await api.post('/api/routing-rules', check(routingRuleBody, { ...body, measureId }));
      onDone(`Règle d’aiguillage « ${values.label} » ajoutée.`);
    }
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel={item ? 'Enregistrer la règle' : 'Ajouter la règle'} secondary={cancelButton(onCancel)}>
      <TextField name="label" label="Libellé de la règle" required value={values.label} onChange={set('label')} maxLength={200} />
      <SelectField name="organisationId" label="Partenaire qui instruit" required value={values.organisation} onChange={set('organisation')}
        options={organisationOptions} placeholder={orgs.loading ? 'Chargement des partenaires…' : 'Choisir un partenaire'} />
      <SelectField name="funder" label="Seulement si ce financeur intervient" value={values.funder} onChange={set('funder')} options={funderOptions} placeholder="Quel que soit le financement" />
      <TextField name="departement" label="Seulement dans le département" hint="Numéro, par exemple 25, 2A ou 974. Laisser vide : tous les départements." value={values.departement} onChange={set('departement')} maxLength={3} />
      <SelectField name="nafSection" label="Seulement pour la section NAF" value={values.nafSection} onChange={set('nafSection')} options={nafSectionOptions} placeholder="Toutes les activités" />
      <CheckboxField name="isJobSeekersOnly" label="Seulement quand des demandeurs d’emploi sont formés" checked={values.isJobSeekersOnly} onChange={set('isJobSeekersOnly')} />
      <CheckboxField name="isRequired" label="Avis obligatoire avant la séance" checked={values.isRequired} onChange={set('isRequired')} />
    </Form>
  );
}
