import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../../api/client.js';
import { useMutation } from '../../api/useApi.js';
import { DataList } from '../../components/DataList.js';
import { StatusBadge } from '../../components/feedback.js';
import { DateFr } from '../../components/format.js';
import { DateField, Form, TextField, useFormValues } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { ADMIN_CRUMB } from './labels.js';

interface IdccFundRow { id: number; idcc: string; branch: string; fund: string; validFrom: string; validTo: string | null; note: string | null }

const empty = { idcc: '', branch: '', fund: '', validFrom: '', validTo: '', note: '' };

const today = () => new Date().toISOString().slice(0, 10);

function PeriodState({ row }: { row: IdccFundRow }) {
  const day = today();
  if (row.validFrom > day) return <StatusBadge label="À venir" severity="info" />;
  if (row.validTo !== null && row.validTo < day) return <StatusBadge label="Close" />;
  return <StatusBadge label="En cours" severity="success" />;
}

/**
 * The dated table that suggests a company's training fund from its branch (IDCC). A reform
 * or a branch moving to another OPCO is recorded as a new period from a date: the open one
 * is closed the day before, and an overlap with a closed one is refused.
 */
export function IdccFundsPage() {
  const [values, set, setValues] = useFormValues(empty);
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const add = useMutation(async () => {
    setSaved(null);
    const row = await api.post<IdccFundRow>('/api/reference/idcc-funds', {
      idcc: values.idcc, branch: values.branch, fund: values.fund, validFrom: values.validFrom,
      validTo: values.validTo || null, note: values.note.trim() || null,
    });
    setValues(empty);
    setVersion((v) => v + 1);
    setSaved(`IDCC ${row.idcc} : ${row.fund} à partir du ${new Date(`${row.validFrom}T12:00:00`).toLocaleDateString('fr-FR')} enregistré.`);
  });

  return (
    <Page title="OPCA par branche (IDCC)" documentTitle="OPCA par branche (IDCC) — Référentiels" breadcrumb={[ADMIN_CRUMB]}
      lead="Référentiel daté qui propose aux entreprises leur OPCA, puis leur OPCO, d’après la convention collective (IDCC) de leur branche.">
      <div aria-live="polite" role="status">
        {saved && <div className={fr.cx('fr-alert', 'fr-alert--success', 'fr-alert--sm', 'fr-mb-3w')}><p>{saved}</p></div>}
      </div>
      <DataList<IdccFundRow>
        key={version}
        endpoint="/api/reference/idcc-funds"
        caption="Périodes du référentiel des fonds de formation par branche"
        defaultSort="idcc"
        exportable={false}
        filters={[
          { name: 'idcc', label: 'IDCC', type: 'text', placeholder: 'Par exemple 54 ou 1044' },
          { name: 'fund', label: 'Fonds (OPCA ou OPCO)', type: 'search', placeholder: 'Par exemple OPCAIM' },
        ]}
        columns={[
          { label: 'IDCC', sort: 'idcc', rowHeader: true, key: 'idcc' },
          { label: 'Branche', sort: 'branch', key: 'branch' },
          { label: 'Fonds', sort: 'fund', key: 'fund' },
          { label: 'Du', sort: 'validFrom', render: (r) => <DateFr value={r.validFrom} style="short" /> },
          { label: 'Au', render: (r) => <DateFr value={r.validTo} style="short" empty="sans fin" /> },
          { label: 'État', render: (r) => <PeriodState row={r} /> },
          { label: 'Note', render: (r) => r.note ?? '' },
        ]}
        emptyMessage="Aucune période ne correspond à ces critères."
      />

      <section className={fr.cx('fr-mt-6w')} aria-labelledby="ajouter-periode">
        <h2 id="ajouter-periode">Ajouter une période</h2>
        <p>La période en cours de cette branche est close la veille du début indiqué. Une période qui en chevauche une autre est refusée.</p>
        <Form error={add.error} onSubmit={add.run} pending={add.pending} submitLabel="Enregistrer la période" ariaLabel="Ajouter une période">
          <p className={fr.cx('fr-hint-text')}>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <TextField name="idcc" label="IDCC" hint="4 chiffres au plus" required value={values.idcc} onChange={set('idcc')} maxLength={4} inputMode="numeric" />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
              <TextField name="branch" label="Branche" required value={values.branch} onChange={set('branch')} maxLength={200} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
              <TextField name="fund" label="Fonds (OPCA ou OPCO)" required value={values.fund} onChange={set('fund')} maxLength={200} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <DateField name="validFrom" label="Valable du" required value={values.validFrom} onChange={set('validFrom')} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
              <DateField name="validTo" label="Valable au" hint="Vide : sans fin" value={values.validTo} onChange={set('validTo')} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <TextField name="note" label="Note" value={values.note} onChange={set('note')} maxLength={500} />
            </div>
          </div>
        </Form>
      </section>
    </Page>
  );
}
