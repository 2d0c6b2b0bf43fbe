import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useMutation } from '../api/useApi.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { DateFr, formatNumber, Money } from '../components/format.js';
import { DateField, EurosField, Form, NumberField, SelectField, TextAreaField, TextField } from '../components/forms.js';
import { FUNDER_LABELS } from '../../../src/programmes/funders.js';
import type { RequestDetail } from './types.js';

type OnChange = (message: string) => (next: RequestDetail) => void;

/** The Suivi tab: what each funder approved, owes and paid; realisation, payments and settlement. */
export function FollowUp({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const can = (action: string) => r.allowedActions.includes(action);
  const sum = (k: 'approvedCents' | 'dueCents' | 'paidCents' | 'remainingCents') => r.accounts.reduce((s, a) => s + a[k], 0);
  return (
    <>
      <div className={fr.cx('fr-table')}>
        <div className={fr.cx('fr-table__wrapper')}><div className={fr.cx('fr-table__container')}><div className={fr.cx('fr-table__content')}>
          <table>
            <caption className={fr.cx('fr-h4')}>Comptes par financeur</caption>
            <thead><tr>
              <th scope="col">Financeur</th><th scope="col" className="parcours-numeric">Accordé</th><th scope="col" className="parcours-numeric">Dû après réalisation</th>
              <th scope="col" className="parcours-numeric">Versé</th><th scope="col" className="parcours-numeric">Reste à verser</th>
            </tr></thead>
            <tbody>
              {r.accounts.map((a) => (
                <tr key={a.funder}>
                  <th scope="row">{a.funderLabel}</th>
                  <td className="parcours-numeric"><Money cents={a.approvedCents} /></td>
                  <td className="parcours-numeric"><Money cents={a.dueCents} /></td>
                  <td className="parcours-numeric"><Money cents={a.paidCents} /></td>
                  <td className="parcours-numeric"><Money cents={a.remainingCents} /></td>
                </tr>
              ))}
              <tr>
                <th scope="row">Total</th>
                <td className="parcours-numeric"><strong><Money cents={sum('approvedCents')} /></strong></td>
                <td className="parcours-numeric"><strong><Money cents={sum('dueCents')} /></strong></td>
                <td className="parcours-numeric"><strong><Money cents={sum('paidCents')} /></strong></td>
                <td className="parcours-numeric"><strong><Money cents={sum('remainingCents')} /></strong></td>
              </tr>
            </tbody>
          </table>
        </div></div></div>
      </div>
      {r.totals.realisedCostCents != null && (
        <p>Réalisé : {formatNumber(r.totals.realisedHours ?? 0)} heures-stagiaires, coût réalisé <Money cents={r.totals.realisedCostCents} /> sur <Money cents={r.totals.totalCostCents} /> prévus.</p>
      )}

      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Réalisation par action</h2>
      {can('recordRealisation') ? <RealisationForm r={r} onChange={onChange} /> : <RealisationTable r={r} />}

      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Versements</h2>
      {r.payments.length === 0 ? <p>Aucun versement enregistré.</p> : (
        <ul>
          {r.payments.map((p) => (
            <li key={p.id}><Money cents={p.amountCents} /> — {FUNDER_LABELS[p.funder] ?? p.funder}, versé le <DateFr value={p.paidOn} /> (réf. {p.reference}), par {p.organisationName}</li>
          ))}
        </ul>
      )}
      {can('recordPayment') && <PaymentForm r={r} onChange={onChange} />}
      {can('settle') && <Settle r={r} onChange={onChange} />}
    </>
  );
}

function RealisationTable({ r }: { r: RequestDetail }) {
  if (!r.actions.some((a) => a.realisedHours !== null)) return <p>La réalisation n’a pas encore été déclarée.</p>;
  return (
    <ul>
      {r.actions.map((a) => (
        <li key={a.id}>{a.title} : {a.realisedTrainees ?? '—'} stagiaires, {a.realisedHours ?? '—'} heures-stagiaires (prévu {formatNumber(a.trainingHours)}), coût pédagogique <Money cents={a.realisedTeachingCostCents} /></li>
      ))}
    </ul>
  );
}

function RealisationForm({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const [lines, setLines] = useState(r.actions.map((a) => ({
    actionId: a.id, realisedTrainees: a.realisedTrainees, realisedHours: a.realisedHours, realisedTeachingCostCents: a.realisedTeachingCostCents,
  })));
  const set = (i: number, field: 'realisedTrainees' | 'realisedHours' | 'realisedTeachingCostCents') => (value: number | null) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, [field]: value } : l)));
  const save = useMutation(async () => {
    const next = await api.post<RequestDetail>(`/api/requests/${r.id}/realisation`, { version: r.version, actions: lines });
    onChange('La réalisation a été enregistrée ; les montants dus sont recalculés.')(next);
  });
  return (
    <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer la réalisation" ariaLabel="Réalisation des actions">
      <p className={fr.cx('fr-text--sm')}>D’après les feuilles d’émargement : les heures-stagiaires réalisées déterminent le coût des salaires et ce que chaque financeur doit.</p>
      {r.actions.map((a, i) => (
        <fieldset key={a.id} className={fr.cx('fr-fieldset', 'fr-p-2w', 'fr-mb-2w') + ' parcours-bordered'} aria-labelledby={`realisation-${a.id}`}>
          <legend id={`realisation-${a.id}`} className={fr.cx('fr-fieldset__legend')}>
            Action {i + 1} — {a.title}
            <span className={fr.cx('fr-hint-text')}>Prévu : {a.traineeCount} stagiaires, {formatNumber(a.trainingHours)} heures-stagiaires, coût pédagogique {new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(a.teachingCostCents / 100)}</span>
          </legend>
          <div className={fr.cx('fr-fieldset__element')}>
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><NumberField name={`actions.${i}.realisedTrainees`} label="Stagiaires formés" integer value={lines[i].realisedTrainees} onChange={set(i, 'realisedTrainees')} /></div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><NumberField name={`actions.${i}.realisedHours`} label="Heures-stagiaires réalisées" integer value={lines[i].realisedHours} onChange={set(i, 'realisedHours')} /></div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}><EurosField name={`actions.${i}.realisedTeachingCostCents`} label="Coût pédagogique réalisé" value={lines[i].realisedTeachingCostCents} onChange={set(i, 'realisedTeachingCostCents')} /></div>
            </div>
          </div>
        </fieldset>
      ))}
    </Form>
  );
}

function PaymentForm({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const payable = r.accounts.filter((a) => r.myFunders.includes(a.funder) && a.remainingCents > 0);
  const [funder, setFunder] = useState<string>(payable[0]?.funder ?? '');
  const account = payable.find((a) => a.funder === funder);
  const [amount, setAmount] = useState<number | null>(account?.remainingCents ?? null);
  const [paidOn, setPaidOn] = useState('');
  const [reference, setReference] = useState('');
  const save = useMutation(async () => {
    const next = await api.post<RequestDetail & { justClosed?: boolean }>(`/api/requests/${r.id}/payments`, { funder, amountCents: amount, paidOn, reference });
    onChange(next.justClosed ? 'Versement enregistré : tous les financeurs ont versé ce qui était dû, la demande est soldée.' : 'Le versement a été enregistré.')(next);
  });
  return (
    <section className={fr.cx('fr-p-3w', 'fr-mt-2w') + ' parcours-bordered'} aria-labelledby="versement-titre">
      <h3 id="versement-titre" className={fr.cx('fr-h5')}>Enregistrer un versement</h3>
      <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer le versement" ariaLabel="Versement">
        <SelectField name="funder" label="Financement" required value={funder}
          onChange={(f) => { setFunder(f); setAmount(payable.find((a) => a.funder === f)?.remainingCents ?? null); }}
          options={payable.map((a) => ({ value: a.funder, label: `${FUNDER_LABELS[a.funder]} — reste ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(a.remainingCents / 100)}` }))} />
        <EurosField name="amountCents" label="Montant versé" required value={amount} onChange={setAmount} />
        <DateField name="paidOn" label="Date du versement" required value={paidOn} onChange={setPaidOn} />
        <TextField name="reference" label="Référence du versement" hint="N° de mandat ou de virement" required value={reference} onChange={setReference} maxLength={100} />
      </Form>
    </section>
  );
}

function Settle({ r, onChange }: { r: RequestDetail; onChange: OnChange }) {
  const [motivation, setMotivation] = useState('');
  return (
    <section className={fr.cx('fr-mt-4w')} aria-labelledby="solde-titre">
      <h2 id="solde-titre" className={fr.cx('fr-h4')}>Solder la demande</h2>
      <p>Solder clôt la demande : chaque financeur garde ce qu’il a versé et le reste de son engagement retourne à son enveloppe.</p>
      <ConfirmButton label="Solder la demande" size="md" priority="primary" title={`Solder la demande ${r.reference} ?`} confirmLabel="Solder"
        onConfirm={async () => { onChange('La demande est soldée ; les reliquats sont rendus aux enveloppes.')(await api.post<RequestDetail>(`/api/requests/${r.id}/settle`, { version: r.version, motivation })); }}>
        <p>Versé à ce jour : <Money cents={r.totals.paidCents} /> sur <Money cents={r.totals.committedCents} /> engagés. Ce qui n’a pas été versé est rendu aux enveloppes des financeurs. Cette action est définitive.</p>
        <TextAreaField name="motivation" id="solde-motif" label="Motif du solde" required rows={3} maxLength={2000} value={motivation} onChange={setMotivation} />
      </ConfirmButton>
    </section>
  );
}
