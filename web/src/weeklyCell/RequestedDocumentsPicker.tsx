import { useState } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { useApi } from '../api/useApi.js';
import { TextField } from '../components/forms.js';

export type RequestedDocument = { expectedDocumentId: number } | { label: string };
interface Expected { id: number; stage: string; label: string }

/** In a request for information: the documents the company must send, from the measure's list or under a free label. */
export function RequestedDocumentsPicker({ measureId, value, onChange }: { measureId: number; value: RequestedDocument[]; onChange: (next: RequestedDocument[]) => void }) {
  const expected = useApi<{ items: Expected[] }>(`/api/measures/${measureId}/expected-documents`);
  const [free, setFree] = useState('');
  const picked = new Set(value.flatMap((d) => ('expectedDocumentId' in d ? [d.expectedDocumentId] : [])));
  const freeLabels = value.flatMap((d) => ('label' in d ? [d.label] : []));
  const toggle = (id: number) => onChange(picked.has(id) ? value.filter((d) => !('expectedDocumentId' in d && d.expectedDocumentId === id)) : [...value, { expectedDocumentId: id }]);
  const setFreeLabel = (text: string) => {
    setFree(text);
    onChange([...value.filter((d) => !('label' in d)), ...(text.trim() ? [{ label: text.trim() }] : [])]);
  };
  const items = expected.data?.items ?? [];
  return (
    <fieldset className={fr.cx('fr-fieldset')} aria-labelledby="pieces-demandees-legende">
      <legend id="pieces-demandees-legende" className={fr.cx('fr-fieldset__legend', 'fr-text--regular')}>
        Pièces à joindre par l’entreprise <span className={fr.cx('fr-hint-text')}>Facultatif : l’entreprise ne pourra répondre qu’en les joignant.</span>
      </legend>
      {items.map((e) => (
        <div key={e.id} className={fr.cx('fr-fieldset__element')}>
          <div className={fr.cx('fr-checkbox-group', 'fr-checkbox-group--sm')}>
            <input type="checkbox" id={`piece-demandee-${e.id}`} checked={picked.has(e.id)} onChange={() => toggle(e.id)} />
            <label className={fr.cx('fr-label')} htmlFor={`piece-demandee-${e.id}`}>{e.label}</label>
          </div>
        </div>
      ))}
      <div className={fr.cx('fr-fieldset__element')}>
        <TextField name="documents.label" id="piece-demandee-libre" label="Autre pièce (intitulé libre)" hint="Par exemple « Plan de formation signé »" maxLength={200}
          value={free || freeLabels[0] || ''} onChange={setFreeLabel} />
      </div>
    </fieldset>
  );
}

/** Under a request for information: each document asked for, with the file sent for it or « à fournir ». */
export function RequestedDocumentsOfQuestion({ documents }: { documents: { id: number; label: string; file: { filename: string; url: string } | null }[] }) {
  if (!documents.length) return null;
  return (
    <div className={fr.cx('fr-mb-1w', 'fr-text--sm')}>
      <strong>Pièces demandées :</strong>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>{d.label} — {d.file ? <a href={d.file.url} download={d.file.filename}>{d.file.filename}</a> : 'à fournir (onglet Pièces)'}</li>
        ))}
      </ul>
    </div>
  );
}
