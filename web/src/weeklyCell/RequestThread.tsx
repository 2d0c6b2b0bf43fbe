import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { ErrorAlert, Loading, Notice } from '../components/feedback.js';
import { FileField, formatBytes } from '../components/FileField.js';
import { DateFr } from '../components/format.js';
import { Form, TextAreaField } from '../components/forms.js';

interface Attachment { id: number; filename: string; sizeBytes: number; url: string }
interface ThreadMessage { id: number; body: string; createdAt: string; organisationName: string; authorName: string; attachments: (Attachment | null)[] }

/** The « Échanges » tab: the company and its partners write to each other, with attachments. */
export function RequestThread({ requestId }: { requestId: number }) {
  const thread = useApi<{ mayPost: boolean; items: ThreadMessage[] }>(`/api/requests/${requestId}/thread`);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(0);
  const [notice, setNotice] = useState<string | undefined>();
  const post = useMutation(async () => {
    const form = new FormData();
    form.append('body', body);
    for (const f of files) form.append('file', f);
    await api.post(`/api/requests/${requestId}/thread`, form);
    setBody(''); setFiles([]); setKey((k) => k + 1);
    setNotice('Votre message a été envoyé ; l’autre partie est notifiée.');
    thread.reload();
  });
  return (
    <>
      <h2 className={fr.cx('fr-h4')}>Échanges entre l’entreprise et les partenaires</h2>
      <p className={fr.cx('fr-text--sm')}>Messages entre l’entreprise et les partenaires qui instruisent la demande, visibles des deux côtés.</p>
      <div aria-live="polite">{notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}</div>
      {thread.loading && !thread.data && <Loading />}
      {thread.error && <ErrorAlert error={thread.error} onRetry={thread.reload} />}
      {thread.data && thread.data.items.length === 0 && <p>Aucun message pour le moment.</p>}
      {thread.data && thread.data.items.length > 0 && (
        <ol className="parcours-thread" aria-label="Messages, du plus ancien au plus récent">
          {thread.data.items.map((m) => (
            <li key={m.id}>
              <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}><strong>{m.organisationName}</strong> ({m.authorName}), le <DateFr value={m.createdAt} style="withTime" /></p>
              <p className={fr.cx('fr-mb-1v') + ' parcours-quote'}>{m.body}</p>
              {m.attachments.filter((a): a is Attachment => a !== null).map((a) => (
                <p key={a.id} className={fr.cx('fr-text--sm', 'fr-mb-0')}>
                  <a className={fr.cx('fr-link', 'fr-icon-attachment-line', 'fr-link--icon-left')} href={a.url} download={a.filename}>{a.filename}</a> ({formatBytes(a.sizeBytes)})
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
      {thread.data?.mayPost && (
        <Form key={key} error={post.error} onSubmit={post.run} pending={post.pending} submitLabel="Envoyer le message" ariaLabel="Nouveau message à l’autre partie">
          <TextAreaField name="body" id="echange-message" label="Nouveau message" required rows={3} maxLength={8000} value={body} onChange={setBody} />
          <FileField name="file" id="echange-fichiers" label="Pièces jointes (3 au plus)" multiple onChange={setFiles} />
        </Form>
      )}
    </>
  );
}
