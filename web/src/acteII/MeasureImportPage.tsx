import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { formatNumber } from '../components/format.js';
import type { Crumb } from '../components/Page.js';
import { Page } from '../components/Page.js';
import { CsvTemplateLink, ImportFileForm, ImportJobOutcome, csvText, type ImportSuccess } from '../components/importing.js';
import { TableFrame } from '../programmes/TableFrame.js';
import type { ImportColumnDoc } from '../../../src/measures/import/columns.js';

/** An accepted Acte II import job's result (src/platform/imports/engine.ts). */
type MeasureImportSuccess = ImportSuccess & { ids: number[] };

export interface MeasureImportProps {
  title: string;
  breadcrumb: Crumb[];
  lead: string;
  /** How the file is laid out, above the columns table. */
  layout: ReactNode;
  columns: readonly ImportColumnDoc[];
  /** Rows of the template, keyed by column key; the columns' examples when omitted. */
  exampleRows?: Record<string, string>[];
  templateFilename: string;
  /** e.g. /api/imports/pro-contracts (its check route is …/check). */
  endpoint: string;
  /** Whether the signed-in user may import (the server refuses anyway). */
  allowed: boolean;
  deniedText: string;
  /** The list page, and the detail page of an imported record. */
  list: { to: string; label: string };
  detailPath: (id: number) => string;
  /** « contrats importés », for the figure shown once done. */
  importedLabel: string;
}

const FILE_ID = 'fichier-import-acte-ii';

/**
 * An Acte II import: the layout explained, a template made in the browser, « Vérifier » (dry run)
 * and « Importer » (background job with its progress), then the outcome or every error by line.
 */
export function MeasureImportPage(props: MeasureImportProps) {
  const rows = props.exampleRows ?? [Object.fromEntries(props.columns.map((c) => [c.key, c.example]))];
  const template = csvText(props.columns.map((c) => c.header), rows.map((r) => props.columns.map((c) => r[c.key] ?? '')));

  return (
    <Page title={props.title} breadcrumb={props.breadcrumb} lead={props.lead}>
      <section aria-labelledby="format" className={fr.cx('fr-mb-5w')}>
        <h2 id="format" className={fr.cx('fr-h4')}>Préparer le fichier</h2>
        {props.layout}
        <p>
          Les en-têtes sont reconnus sans tenir compte des majuscules ni des accents ; les colonnes facultatives peuvent être absentes.
          Les montants s’écrivent en euros (« 1 234,56 »), les dates au format JJ/MM/AAAA, les réponses par « oui » ou « non ».
          Le fichier est contrôlé en entier avec les mêmes règles que le formulaire : si une seule ligne est en erreur, rien n’est importé.
          2 000 lignes au plus par fichier.
        </p>
        <CsvTemplateLink csv={template} filename={props.templateFilename}
          detail={rows.length > 1 ? '(CSV, en-têtes et un exemple)' : '(CSV, en-têtes et une ligne d’exemple)'} />
        <Accordion label="Colonnes du fichier" titleAs="h3" className={fr.cx('fr-mt-3w')}>
          <TableFrame hideCaption caption="Colonnes du fichier d’import"
            head={<><th scope="col">Colonne</th><th scope="col">Obligatoire</th><th scope="col">Contenu attendu</th></>}>
            {props.columns.map((c) => (
              <tr key={c.key}><th scope="row">{c.header}</th><td>{c.required.charAt(0).toUpperCase() + c.required.slice(1)}</td><td>{c.help}</td></tr>
            ))}
          </TableFrame>
        </Accordion>
      </section>

      <section aria-labelledby="deposer">
        <h2 id="deposer" className={fr.cx('fr-h4')}>Déposer le fichier</h2>
        {!props.allowed ? (
          <div className={fr.cx('fr-alert', 'fr-alert--info')}><p>{props.deniedText}</p></div>
        ) : (
          <ImportFileForm fileId={FILE_ID} endpoint={props.endpoint} checkLabel="Vérifier"
            job={(jobId, onFinished, onAgain) => <ImportJob jobId={jobId} props={props} onFinished={onFinished} onAgain={onAgain} />} />
        )}
      </section>
    </Page>
  );
}

function ImportJob({ jobId, props, onAgain, onFinished }: { jobId: number; props: MeasureImportProps; onAgain: () => void; onFinished: () => void }) {
  return (
    <ImportJobOutcome<MeasureImportSuccess> jobId={jobId} onFinished={onFinished} onAgain={onAgain} list={() => props.list}
      summary={(result) => (
        <p><strong>{formatNumber(result.imported)}</strong> {props.importedLabel} :{' '}
          {result.ids.slice(0, 20).map((id, i) => (
            <span key={id}>{i > 0 && ', '}<Link to={props.detailPath(id)}>{result.references[i]}</Link></span>
          ))}
          {result.ids.length > 20 ? `, et ${formatNumber(result.ids.length - 20)} autres` : ''}.
        </p>
      )} />
  );
}
