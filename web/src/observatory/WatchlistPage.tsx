import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { DateFr, formatNumber } from '../components/format.js';
import { DateField, Form, TextAreaField, TextField } from '../components/forms.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ObservatoryNav, OBSERVATORY } from './ObservatoryNav.js';
import { SyntheticBadge } from './format.js';
import type { Overview } from './types.js';
import './observatory.css';

interface WatchItem {
  id: number; romeCode: string; label: string; reason: string; source: string; taggedOn: string; organisation: string; version: number;
  trend: { year: number; projects: number; partial: boolean }[]; trainingPeriods: number; trainingHours: number; plans: number;
}

/** Amends the reason, source or date of a watched job; loses with 409 when someone saved in between. */
function EditWatchItem({ item, onDone }: { item: WatchItem; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(item.reason);
  const [source, setSource] = useState(item.source);
  const [taggedOn, setTaggedOn] = useState(item.taggedOn);
  const save = useMutation(() => api.put(`/api/observatory/watchlist/${item.id}`, { reason, source, taggedOn, version: item.version }));
  if (!open) return <button type="button" className={fr.cx('fr-btn', 'fr-btn--sm', 'fr-btn--secondary')} onClick={() => setOpen(true)} aria-label={`Modifier ${item.label}`}>Modifier</button>;
  return (
    <div className="parcours-obs-prepare">
      <Form error={save.error} pending={save.pending} submitLabel="Enregistrer" ariaLabel={`Modifier ${item.label}`}
        onSubmit={async () => { if (await save.run()) { setOpen(false); onDone(); } }}
        secondary={<button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={() => setOpen(false)}>Annuler</button>}>
        <TextAreaField name="reason" id={`watch-${item.id}-reason`} label="Raison" value={reason} onChange={setReason} required rows={2} maxLength={1000} />
        <TextField name="source" id={`watch-${item.id}-source`} label="Source" value={source} onChange={setSource} required maxLength={500} />
        <DateField name="taggedOn" id={`watch-${item.id}-date`} label="Date d’inscription" value={taggedOn} onChange={setTaggedOn} required />
      </Form>
    </div>
  );
}

/** /observatoire/metiers-d-avenir: the partnership's watchlist. */
export function WatchlistPage() {
  const { data, error, loading, reload } = useApi<{ synthetic: boolean; items: WatchItem[] }>('/api/observatory/watchlist');
  const overview = useApi<Overview>('/api/observatory');
  const [romeCode, setRome] = useState('');
  const [reason, setReason] = useState('');
  const [source, setSource] = useState('');
  const [taggedOn, setTaggedOn] = useState('');
  const mayWrite = overview.data?.may.write ?? false;
  const add = useMutation(() => api.post('/api/observatory/watchlist', { romeCode: romeCode.trim().toUpperCase(), reason, source, taggedOn }));
  return (
    <Page title="Métiers d’avenir" breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }, OBSERVATORY]}
      lead="Liste de veille tenue par le partenariat : chaque métier est daté, motivé et sourcé, avec la tendance de ses projets de recrutement et les formations déjà financées.">
      <ObservatoryNav />
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data && (
        <>
          <SyntheticBadge synthetic={data.synthetic} />
          <TableFrame caption="Métiers de la liste de veille"
            head={<><th scope="col">Métier (ROME)</th><th scope="col">Raison</th><th scope="col">Source</th><th scope="col">Inscrit le</th><th scope="col">Projets de recrutement par année (toutes zones)</th><th scope="col" className="parcours-numeric">Périodes de formation financées</th><th scope="col" className="parcours-numeric">Actions préparées</th>{mayWrite && <th scope="col">Modifier</th>}</>}>
            {data.items.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.label} <span className={fr.cx('fr-text--xs')}>({i.romeCode})</span></th>
                <td>{i.reason}</td><td>{i.source}<br /><span className={fr.cx('fr-text--xs')}>{i.organisation}</span></td>
                <td><DateFr value={i.taggedOn} style="short" /></td>
                <td>{i.trend.map((t) => `${t.year} : ${t.partial ? 'au moins ' : ''}${formatNumber(t.projects)}`).join(' · ') || '—'}</td>
                <td className="parcours-numeric">{formatNumber(i.trainingPeriods)} ({formatNumber(i.trainingHours)} h)</td>
                <td className="parcours-numeric">{formatNumber(i.plans)}</td>
                {mayWrite && (
                  <td>
                    <EditWatchItem item={i} onDone={reload} />
                    <ConfirmButton label="Retirer" srLabel={`Retirer ${i.label} de la liste`} title={`Retirer ${i.label} de la liste de veille ?`} confirmLabel="Retirer"
                      onConfirm={async () => { await api.delete(`/api/observatory/watchlist/${i.id}`); reload(); }} priority="tertiary" />
                  </td>
                )}
              </tr>
            ))}
          </TableFrame>
          <p className={fr.cx('fr-text--sm')}>« au moins » : une partie des zones est couverte par le secret statistique ; la somme ne compte que les valeurs publiées.</p>
          {mayWrite && (
            <>
              <h2 className={fr.cx('fr-h5', 'fr-mt-4w')}>Ajouter un métier d’avenir</h2>
              <Form error={add.error} pending={add.pending} submitLabel="Ajouter à la liste" ariaLabel="Ajouter un métier d’avenir"
                onSubmit={async () => { if (await add.run()) { setRome(''); setReason(''); setSource(''); reload(); } }}>
                <TextField name="romeCode" label="Code ROME" hint="Une lettre et quatre chiffres, par exemple I1304." value={romeCode} onChange={setRome} required maxLength={5} />
                <TextAreaField name="reason" label="Raison" value={reason} onChange={setReason} required rows={2} maxLength={1000} />
                <TextField name="source" label="Source" value={source} onChange={setSource} required maxLength={500} />
                <DateField name="taggedOn" label="Date d’inscription" value={taggedOn} onChange={setTaggedOn} required />
              </Form>
            </>
          )}
        </>
      )}
    </Page>
  );
}
