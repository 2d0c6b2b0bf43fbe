import { useEffect, useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Loading, Notice } from '../components/feedback.js';
import { Form } from '../components/forms.js';
import { formatPeriod } from './labels.js';
import { TableFrame } from './TableFrame.js';

interface Item { id?: number; version?: number; stage: string; label: string; isRequired: boolean; validFrom?: string; validTo?: string | null }
interface ExpectedList { stages: { stage: string; label: string }[]; items: Item[] }

/** A measure's supporting documents per stage; administrators edit the list in place. */
export function ExpectedDocumentsSection({ measureId, code, admin }: { measureId: number; code: string; admin: boolean }) {
  const { data, error, loading, reload, setData } = useApi<ExpectedList>(`/api/measures/${measureId}/expected-documents`);
  const [rows, setRows] = useState<Item[] | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => { if (data && rows === null && admin) setRows(data.items); }, [data, rows, admin]);
  const save = useMutation(async () => {
    const next = await api.put<ExpectedList>(`/api/measures/${measureId}/expected-documents`, {
      items: (rows ?? []).map(({ id, version, stage, label, isRequired, validFrom, validTo }) => ({ id, version, stage, label, isRequired, validFrom, validTo })),
    });
    setData(next); setRows(next.items); setNotice('La liste des pièces a été enregistrée.');
  });
  const headingId = `pieces-${measureId}`;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const stageLabel = (s: string) => data.stages.find((x) => x.stage === s)?.label ?? s;
  const set = (i: number, patch: Partial<Item>) => setRows((rows ?? []).map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section aria-labelledby={headingId} className={fr.cx('fr-mt-4w')}>
      <h3 id={headingId} className={fr.cx('fr-h5', 'fr-mb-2w')}>Pièces justificatives attendues</h3>
      <div aria-live="polite">{notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}</div>
      {!admin && (
        <TableFrame caption={`Pièces attendues — ${code}`} hideCaption className={fr.cx('fr-mb-2w')}
          head={<tr><th scope="col">Étape</th><th scope="col">Pièce</th><th scope="col">Obligatoire</th><th scope="col">Validité</th></tr>}>
          {data.items.map((d) => (
            <tr key={d.id}><td>{stageLabel(d.stage)}</td><td>{d.label}</td><td>{d.isRequired ? 'Oui' : 'Non'}</td><td>{formatPeriod(d.validFrom ?? '', d.validTo ?? null)}</td></tr>
          ))}
        </TableFrame>
      )}
      {admin && rows && (
        <Form error={save.error} onSubmit={save.run} pending={save.pending} submitLabel="Enregistrer la liste des pièces" ariaLabel={`Pièces attendues — ${code}`}
          secondary={<button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-icon-add-line', 'fr-btn--icon-left')} onClick={() => setRows([...rows, { stage: 'filing', label: '', isRequired: false }])}>Ajouter une pièce</button>}>
          <TableFrame caption={`Pièces attendues — ${code}`} hideCaption className={fr.cx('fr-mb-2w')}
            head={<tr><th scope="col">Étape</th><th scope="col">Pièce</th><th scope="col">Obligatoire</th><th scope="col">Retirer</th></tr>}>
            {rows.map((d, i) => (
              <tr key={d.id ?? `new-${i}`}>
                <td>
                  <label className={fr.cx('fr-sr-only')} htmlFor={`piece-${measureId}-${i}-etape`}>Étape de la pièce {i + 1}</label>
                  <select className={fr.cx('fr-select')} id={`piece-${measureId}-${i}-etape`} value={d.stage} onChange={(e) => set(i, { stage: e.target.value })}>
                    {data.stages.map((s) => <option key={s.stage} value={s.stage}>{s.label}</option>)}
                  </select>
                </td>
                <td>
                  <label className={fr.cx('fr-sr-only')} htmlFor={`piece-${measureId}-${i}-intitule`}>Intitulé de la pièce {i + 1}</label>
                  <input className={fr.cx('fr-input')} id={`piece-${measureId}-${i}-intitule`} value={d.label} maxLength={200} onChange={(e) => set(i, { label: e.target.value })} />
                </td>
                <td>
                  <div className={fr.cx('fr-checkbox-group', 'fr-checkbox-group--sm')}>
                    <input type="checkbox" id={`piece-${measureId}-${i}-obligatoire`} checked={d.isRequired} onChange={(e) => set(i, { isRequired: e.target.checked })} />
                    <label className={fr.cx('fr-label')} htmlFor={`piece-${measureId}-${i}-obligatoire`}>Obligatoire<span className={fr.cx('fr-sr-only')}> : {d.label || `pièce ${i + 1}`}</span></label>
                  </div>
                </td>
                <td>
                  <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary-no-outline', 'fr-btn--sm')} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    Retirer<span className={fr.cx('fr-sr-only')}> la pièce « {d.label || i + 1} »</span>
                  </button>
                </td>
              </tr>
            ))}
          </TableFrame>
        </Form>
      )}
    </section>
  );
}
