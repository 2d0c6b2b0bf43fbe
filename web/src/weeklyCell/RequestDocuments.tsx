import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api, ApiError } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorAlert, Loading, Notice, StatusBadge } from '../components/feedback.js';
import { FileField, formatBytes } from '../components/FileField.js';
import { DateFr } from '../components/format.js';
import { Form, SelectField, TextField } from '../components/forms.js';

interface Version { id: number; versionNo: number; filename: string; contentType: string; sizeBytes: number; uploadedAt: string; organisationName: string; uploadedByName: string; url: string }
export interface ProvidedDocument { id: number; label: string; stage: string | null; organisationName: string; version: number; current: Version | null; versions: Version[]; mayDelete: boolean; mayReplace: boolean }
interface Line { expectedDocumentId: number; label: string; isRequired: boolean; documents: ProvidedDocument[] }
interface Stage { stage: string; label: string; open: boolean; lines: Line[]; others: ProvidedDocument[] }
interface Requested { id: number; informationRequestId: number; label: string; askedByOrganisation: string; askedAt: string; answeredAt: string | null; document: ProvidedDocument | null }
export interface DocumentChecklist { stages: Stage[]; requested: Requested[]; uploadStages: { stage: string; label: string }[]; missing: { path: string; message: string }[] }

const send = (requestId: number, fields: Record<string, string | number>, file: File) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  form.append('file', file);
  return api.post<{ checklist: DocumentChecklist; filename: string }>(`/api/requests/${requestId}/documents`, form);
};

/** One file, shown with who sent it and when, its earlier versions, and what the viewer may do with it. */
function DocumentItem({ requestId, d, canReplace, onChange }: { requestId: number; d: ProvidedDocument; canReplace: boolean; onChange: (message: string, next: DocumentChecklist) => void }) {
  const v = d.current;
  if (!v) return null;
  return (
    <div className="parcours-document">
      <p className={fr.cx('fr-mb-1v')}>
        <a className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')} href={v.url} download={v.filename}>
          {v.filename}<span className={fr.cx('fr-sr-only')}> (télécharger {d.label})</span>
        </a>{' '}
        <span className={fr.cx('fr-text--xs')}>({formatBytes(v.sizeBytes)}) — {v.uploadedByName}, {v.organisationName}, le <DateFr value={v.uploadedAt} style="withTime" /></span>
      </p>
      {d.versions.length > 1 && (
        <details className={fr.cx('fr-mb-1w')}>
          <summary className={fr.cx('fr-text--sm')}>Versions précédentes ({d.versions.length - 1})</summary>
          <ul className={fr.cx('fr-text--sm')}>
            {d.versions.slice(0, -1).reverse().map((old) => (
              <li key={old.id}>Version {old.versionNo} : <a href={old.url} download={old.filename}>{old.filename}</a> ({formatBytes(old.sizeBytes)}) — {old.organisationName}, le <DateFr value={old.uploadedAt} style="withTime" /></li>
            ))}
          </ul>
        </details>
      )}
      <div className="parcours-document__actions">
        {canReplace && <UploadForm requestId={requestId} fields={{ documentId: d.id, version: d.version }} id={`remplacer-${d.id}`} label={`Remplacer « ${d.label} »`} submitLabel="Remplacer" onChange={onChange} success="La nouvelle version a été déposée ; la précédente reste dans l’historique de la pièce." />}
        {d.mayDelete && (
          <ConfirmButton label="Supprimer" srLabel={`Supprimer la pièce « ${d.label} »`} title={`Supprimer « ${d.label} » ?`} confirmLabel="Supprimer la pièce"
            onConfirm={async () => onChange('La pièce a été supprimée.', await api.delete<DocumentChecklist>(`/api/requests/${requestId}/documents/${d.id}?version=${d.version}`))}>
            <p>La pièce et toutes ses versions seront supprimées. La suppression est inscrite dans l’historique de la demande.</p>
          </ConfirmButton>
        )}
      </div>
    </div>
  );
}

function UploadForm({ requestId, fields, id, label, submitLabel = 'Déposer', success = 'La pièce a été déposée.', onChange, withLabel }: {
  requestId: number; fields: Record<string, string | number>; id: string; label: string; submitLabel?: string; success?: string;
  onChange: (message: string, next: DocumentChecklist) => void; withLabel?: boolean;
}) {
  const [file, setFile] = useState<File | undefined>();
  const [title, setTitle] = useState('');
  const [key, setKey] = useState(0);
  const upload = useMutation(async () => {
    if (!file) throw new ApiError(400, 'invalid', 'Choisissez un fichier.', 'file', [{ path: 'file', message: 'Choisissez un fichier.' }]);
    const result = await send(requestId, withLabel ? { ...fields, label: title } : fields, file);
    setFile(undefined); setTitle(''); setKey((k) => k + 1);
    onChange(`${success} (${result.filename})`, result.checklist);
  });
  return (
    <Form key={key} error={upload.error} onSubmit={upload.run} pending={upload.pending} submitLabel={submitLabel} ariaLabel={`Envoi — ${label}`}>
      {withLabel && <TextField name="label" id={`${id}-intitule`} label="Intitulé de la pièce" required maxLength={200} value={title} onChange={setTitle} />}
      <FileField name="file" id={`${id}-fichier`} label={label} required onChange={(files) => setFile(files[0])} />
    </Form>
  );
}

/** The « Pièces » tab: per stage, each expected document provided or missing, what partners asked for, and the uploads. */
export function RequestDocuments({ requestId, onChange }: { requestId: number; onChange?: () => void }) {
  const { data, error, loading, reload, setData } = useApi<DocumentChecklist>(`/api/requests/${requestId}/documents`);
  const [notice, setNotice] = useState<string | undefined>();
  const [stage, setStage] = useState('');
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return null;
  const changed = (message: string, next: DocumentChecklist) => { setData(next); setNotice(message); onChange?.(); };
  const mayUpload = (s: string | null) => data.uploadStages.some((u) => u.stage === s);
  const pending = data.requested.filter((r) => !r.answeredAt);

  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Pièces justificatives</h2>
      <div aria-live="polite">{notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}</div>
      {pending.length > 0 && (
        <section className={fr.cx('fr-alert', 'fr-alert--warning', 'fr-mb-3w')} aria-labelledby="pieces-demandees">
          <h3 id="pieces-demandees" className={fr.cx('fr-alert__title')}>Pièces demandées</h3>
          <ul>
            {pending.map((r) => (
              <li key={r.id}>
                <strong>{r.label}</strong> — demandée par {r.askedByOrganisation} le <DateFr value={r.askedAt} /> :{' '}
                {r.document ? <StatusBadge label="Fournie" severity="success" /> : <StatusBadge label="À fournir" severity="warning" />}
                {r.document && <DocumentItem requestId={requestId} d={r.document} canReplace={false} onChange={changed} />}
                {!r.document && mayUpload('information') && <UploadForm requestId={requestId} fields={{ informationItemId: r.id }} id={`demandee-${r.id}`} label={`Fichier pour « ${r.label} »`} onChange={changed} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.missing.length > 0 && (
        <div className={fr.cx('fr-alert', 'fr-alert--info', 'fr-alert--sm', 'fr-mb-3w')}>
          <p>{data.missing.length === 1 ? 'Une pièce obligatoire manque' : `${data.missing.length} pièces obligatoires manquent`} :</p>
          <ul>{data.missing.map((m) => <li key={m.path}>{m.message}</li>)}</ul>
        </div>
      )}
      {data.stages.map((s) => (
        <section key={s.stage} className={fr.cx('fr-mb-4w')} aria-labelledby={`etape-${s.stage}`}>
          <h3 id={`etape-${s.stage}`} className={fr.cx('fr-h5')}>{s.label} {s.open && <StatusBadge label="Étape ouverte" severity="info" />}</h3>
          {s.lines.length === 0 && s.others.length === 0 && <p className={fr.cx('fr-text--sm')}>Aucune pièce attendue à cette étape.</p>}
          <ul className="parcours-checklist">
            {s.lines.map((l) => (
              <li key={l.expectedDocumentId}>
                <p className={fr.cx('fr-mb-1v')}>
                  <strong>{l.label}</strong> <span className={fr.cx('fr-text--sm')}>({l.isRequired ? 'obligatoire' : 'facultative'})</span>{' '}
                  {l.documents.length ? <StatusBadge label="Fournie" severity="success" /> : (l.isRequired ? <StatusBadge label="Manquante" severity="error" /> : <StatusBadge label="Non fournie" />)}
                </p>
                {l.documents.map((d) => <DocumentItem key={d.id} requestId={requestId} d={d} canReplace={d.mayReplace} onChange={changed} />)}
                {l.documents.length === 0 && mayUpload(s.stage) && <UploadForm requestId={requestId} fields={{ expectedDocumentId: l.expectedDocumentId }} id={`attendue-${l.expectedDocumentId}`} label={`Fichier pour « ${l.label} »`} onChange={changed} />}
              </li>
            ))}
            {s.others.map((d) => (
              <li key={d.id}>
                <p className={fr.cx('fr-mb-1v')}><strong>{d.label}</strong> <span className={fr.cx('fr-text--sm')}>(pièce complémentaire)</span></p>
                <DocumentItem requestId={requestId} d={d} canReplace={d.mayReplace} onChange={changed} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {data.uploadStages.length > 0 && (
        <section className={fr.cx('fr-p-3w') + ' parcours-bordered'} aria-labelledby="autre-piece">
          <h3 id="autre-piece" className={fr.cx('fr-h5')}>Ajouter une autre pièce</h3>
          <SelectField name="stage" id="autre-piece-etape" label="Étape" value={stage || data.uploadStages[0].stage} onChange={setStage}
            options={data.uploadStages.map((u) => ({ value: u.stage, label: u.label }))} />
          <UploadForm requestId={requestId} fields={{ stage: stage || data.uploadStages[0].stage }} id="autre-piece" label="Fichier" withLabel onChange={changed} />
        </section>
      )}
    </>
  );
}
