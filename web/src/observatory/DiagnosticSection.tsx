import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { DateFr } from '../components/format.js';
import { Form, SelectField, TextAreaField } from '../components/forms.js';
import { DIAGNOSTIC_KIND_LABELS, DIAGNOSTIC_KINDS } from '../../../src/observatory/schemas.js';
import { SyntheticBadge } from './format.js';
import type { DiagnosticResponse } from './types.js';

type Point = DiagnosticResponse['sections'][number]['points'][number];

/** Amends a point: a new version, the previous one kept in history; 409 when someone amended it first. */
function AmendPoint({ point, indicators, onDone }: { point: Point; indicators: { value: string; label: string }[]; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(point.text);
  const [indicator, setIndicator] = useState(point.indicator);
  const save = useMutation(() => api.put(`/api/observatory/diagnostic/${point.id}`, { text, indicator, version: point.version }));
  if (!open) return <button type="button" className={fr.cx('fr-btn', 'fr-btn--sm', 'fr-btn--tertiary', 'fr-ml-1w')} onClick={() => setOpen(true)} aria-label={`Amender le constat : ${point.text.slice(0, 60)}`}>Amender</button>;
  return (
    <div className="parcours-obs-prepare">
      <Form error={save.error} pending={save.pending} submitLabel="Enregistrer la nouvelle version" ariaLabel="Amender le constat"
        onSubmit={async () => { if (await save.run()) { setOpen(false); onDone(); } }}
        secondary={<button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={() => setOpen(false)}>Annuler</button>}>
        <TextAreaField name="text" id={`point-${point.id}-text`} label="Constat" value={text} onChange={setText} required rows={3} maxLength={2000} />
        <SelectField name="indicator" id={`point-${point.id}-indicator`} label="Indicateur" value={indicator} onChange={setIndicator} required options={indicators} />
      </Form>
    </div>
  );
}

/** The territorial diagnostic: forces, weaknesses, threats, opportunities, each with the live value of its indicator. */
export function DiagnosticSection({ area, mayWrite }: { area: string; mayWrite: boolean }) {
  const { data, error, loading, reload } = useApi<DiagnosticResponse>(`/api/observatory/areas/${area}/diagnostic`);
  const [kind, setKind] = useState<string>('strength');
  const [text, setText] = useState('');
  const [indicator, setIndicator] = useState('paradox');
  const add = useMutation(() => api.post(`/api/observatory/areas/${area}/diagnostic`, { kind, text, indicator }));
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const indicators = [
    { value: 'paradox', label: 'Nombre de métiers en paradoxe' }, { value: 'dependency', label: 'Dépendance automobile' }, { value: 'border', label: 'Résidents travaillant en Suisse' },
    ...data.jobs.map((j) => ({ value: `tension:${j.fap}`, label: `Tension : ${j.label}` })),
  ];
  return (
    <section aria-labelledby="titre-diagnostic">
      <SyntheticBadge synthetic={data.synthetic} />
      <h2 id="titre-diagnostic" className={fr.cx('fr-h4')}>Diagnostic territorial — {data.areaLabel}</h2>
      <p>Écrit à plusieurs mains par les partenaires ; chaque constat s’appuie sur un indicateur dont la valeur du jour est affichée à côté. Chaque modification est gardée dans l’historique.</p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        {data.sections.map((s) => (
          <div key={s.kind} className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <h3 className={fr.cx('fr-h5')}>{DIAGNOSTIC_KIND_LABELS[s.kind]}</h3>
            {s.points.length === 0 ? <p><em>Aucun constat.</em></p> : (
              <ul>
                {s.points.map((p) => (
                  <li key={p.id} className={fr.cx('fr-mb-2w')}>
                    {p.text}
                    <br /><span className={fr.cx('fr-badge', 'fr-badge--sm', 'fr-badge--no-icon', 'fr-badge--blue-ecume')}>{p.live.label} : {p.live.value}</span>
                    <span className={fr.cx('fr-text--xs')}> — {p.organisation}, version {p.version}, <DateFr value={p.updatedAt} style="short" /></span>
                    {mayWrite && <AmendPoint point={p} indicators={indicators} onDone={reload} />}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
      {mayWrite && (
        <>
          <h3 className={fr.cx('fr-h5', 'fr-mt-2w')}>Ajouter un constat</h3>
          <Form error={add.error} pending={add.pending} submitLabel="Ajouter au diagnostic" ariaLabel="Ajouter un constat au diagnostic"
            onSubmit={async () => { if (await add.run()) { setText(''); reload(); } }}>
            <SelectField name="kind" label="Rubrique" value={kind} onChange={setKind} required options={DIAGNOSTIC_KINDS.map((k) => ({ value: k, label: DIAGNOSTIC_KIND_LABELS[k] }))} />
            <TextAreaField name="text" label="Constat" value={text} onChange={setText} required rows={3} maxLength={2000} />
            <SelectField name="indicator" label="Indicateur sur lequel il s’appuie" value={indicator} onChange={setIndicator} required options={indicators} />
          </Form>
        </>
      )}
    </section>
  );
}
