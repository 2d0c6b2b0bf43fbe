import { useState } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useMutation } from '../../api/useApi.js';
import { CheckboxField, DateField, EurosField, Fieldset, Form, NumberField } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { ACTE_II_CRUMB, PAIRS_CRUMB, useActeIIAccess } from '../common.js';
import { ScheduleView, type Schedule } from './shared.js';
import { addDays, addMonths, firstOfNextMonth, todayIso } from '../../../../src/shared/dates.js';

export interface Terms {
  startDate: string; endDate: string; fullTimeSalaryCents: number | null; activityPercent: number | null; payPercent: number | null;
  employerPaysEmployeeSupplement: boolean; expectedRetirementDate: string;
}

/** The seed's worked example, under the 2008–2012 rates. */
export const WORKED_EXAMPLE_2008: Terms = {
  startDate: '2011-01-01', endDate: '2011-12-31', fullTimeSalaryCents: 200_000, activityPercent: 50, payPercent: 80,
  employerPaysEmployeeSupplement: true, expectedRetirementDate: '2012-01-01',
};

/**
 * The same pair starting next month, under today's parameters: a year of part time, and a
 * retirement 18 months after the start (within the two years the measure asks for).
 */
export function termsFromToday(today: string = todayIso()): Terms {
  const startDate = firstOfNextMonth(today);
  return { ...WORKED_EXAMPLE_2008, startDate, endDate: addDays(addMonths(startDate, 12), -1), expectedRetirementDate: addMonths(startDate, 18) };
}

export function termsBody(t: Terms) {
  return {
    startDate: t.startDate || undefined, endDate: t.endDate || undefined, fullTimeSalaryCents: t.fullTimeSalaryCents ?? undefined,
    activityBp: t.activityPercent === null ? undefined : Math.round(t.activityPercent * 100),
    payBp: t.payPercent === null ? undefined : Math.round(t.payPercent * 100),
    employerPaysEmployeeSupplement: t.employerPaysEmployeeSupplement,
  };
}

/** The senior's part-time terms (shared by the simulation and the pair form). */
export function TermsFields({ terms, onChange, withRetirement }: { terms: Terms; onChange: (t: Terms) => void; withRetirement?: boolean }) {
  const set = <K extends keyof Terms>(k: K) => (v: Terms[K]) => onChange({ ...terms, [k]: v });
  return (
    <Fieldset legend="Temps partiel du senior" hint="Cotisations vieillesse sur le salaire à temps plein fixé dans l’accord écrit (article L241-3-1 du code de la sécurité sociale).">
      <DateField name="startDate" label="Début du binôme" required value={terms.startDate} onChange={set('startDate')} />
      <DateField name="endDate" label="Fin du binôme" required value={terms.endDate} onChange={set('endDate')} />
      {withRetirement && <DateField name="expectedRetirementDate" label="Départ en retraite prévu (facultatif)" hint="Le senior doit être à moins de 2 ans de la retraite (JJ/MM/AAAA)" value={terms.expectedRetirementDate} onChange={set('expectedRetirementDate')} />}
      <EurosField name="fullTimeSalaryCents" label="Salaire brut mensuel à temps plein (référence de l’accord)" required value={terms.fullTimeSalaryCents} onChange={set('fullTimeSalaryCents')} />
      <NumberField name="activityBp" label="Temps de travail" unit="% du temps plein (50 % par défaut)" value={terms.activityPercent} onChange={set('activityPercent')} />
      <NumberField name="payBp" label="Rémunération" unit="% du salaire à temps plein (80 % par défaut)" value={terms.payPercent} onChange={set('payPercent')} />
      <CheckboxField name="employerPaysEmployeeSupplement" label="L’employeur prend en charge la part salariale sur le supplément d’assiette" checked={terms.employerPaysEmployeeSupplement} onChange={set('employerPaysEmployeeSupplement')} />
    </Fieldset>
  );
}

/** /acte-ii/binomes/simulation — the cost of a pair month by month, nothing saved. */
export function PairSimulationPage() {
  const access = useActeIIAccess();
  const [terms, setTerms] = useState<Terms>(() => termsFromToday());
  const [result, setResult] = useState<(Schedule & { issues: { message: string; severity: string }[] }) | undefined>();
  const simulate = useMutation(async () => {
    setResult(await api.post('/api/pairs/simulate', { ...termsBody(terms), expectedRetirementDate: terms.expectedRetirementDate || undefined }));
  });
  return (
    <Page title="Simuler un binôme" breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}
      lead="Calcul mois par mois, avant tout enregistrement : salaire, cotisations vieillesse sur l’assiette à temps plein (plafond non proratisé), supplément, surcoût par rapport à un temps partiel ordinaire et aides."
      actions={access.pairs.write && <Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to="/acte-ii/binomes/nouveau">Enregistrer un binôme</Link>}>
      <div className="parcours-acte2-worked">
        <p className={fr.cx('fr-mb-0')}>
          Les valeurs proposées ci-dessous sont un exemple valable aujourd’hui : un binôme qui commence le mois prochain, aux taux en vigueur,
          salaire à temps plein de 2 000 €, senior à 50 % payé 80 %, départ en retraite 18 mois après le début.
        </p>
        <p className={fr.cx('fr-mt-2w', 'fr-mb-1w')}>
          Exemple de référence (taux 2008 à 2012) : salaire à temps plein de 2 000 €, senior à 50 % payé 1 600 € ; assiette 2 000 € ;
          cotisations vieillesse employeur 198,00 € (contre 158,40 € sur 1 600 €) ; salarié 135,00 €, dont 27,00 € sur le supplément de 400 €.
        </p>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-sm', 'fr-btns-group--sm', 'fr-mb-0')}>
          <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm')} onClick={() => { setTerms(WORKED_EXAMPLE_2008); setResult(undefined); }}>Reprendre l’exemple de référence (taux 2008 à 2012)</button></li>
          <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm')} onClick={() => { setTerms(termsFromToday()); setResult(undefined); }}>Revenir à l’exemple d’aujourd’hui</button></li>
        </ul>
      </div>
      <Form error={simulate.error} onSubmit={simulate.run} pending={simulate.pending} submitLabel="Simuler" ariaLabel="Simulation d’un binôme">
        <TermsFields terms={terms} onChange={(t) => { setTerms(t); }} withRetirement />
      </Form>
      <div aria-live="polite" className={fr.cx('fr-mt-6w')}>
        {result && (
          <section aria-labelledby="resultat-simulation">
            <h2 id="resultat-simulation">Résultat de la simulation</h2>
            {result.issues.length > 0 && (
              <div className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-3w')}>
                <h3 className={fr.cx('fr-alert__title')}>Points de vigilance</h3>
                <ul>{result.issues.map((i, k) => <li key={k}>{i.message}</li>)}</ul>
              </div>
            )}
            <ScheduleView schedule={result} />
          </section>
        )}
      </div>
    </Page>
  );
}
