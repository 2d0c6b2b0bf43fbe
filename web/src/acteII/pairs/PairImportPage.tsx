import { PAIR_IMPORT_COLUMNS } from '../../../../src/pairs/import/columns.js';
import { ACTE_II_CRUMB, PAIRS_CRUMB, useActeIIAccess } from '../common.js';
import { MeasureImportPage } from '../MeasureImportPage.js';

/** /acte-ii/binomes/import — intergenerational pairs from a spreadsheet, one row per pair. */
export function PairImportPage() {
  const access = useActeIIAccess();
  return (
    <MeasureImportPage
      title="Importer des binômes"
      breadcrumb={[ACTE_II_CRUMB, PAIRS_CRUMB]}
      lead="Enregistrez plusieurs binômes intergénérationnels à partir d’un tableur (CSV ou XLSX) : une ligne par binôme."
      layout={(
        <p>
          Une ligne par binôme. Le jeune est désigné par la référence de son contrat de professionnalisation (CPRO-…) : un CDI réservé aux binômes,
          de la même entreprise que le senior, qui n’est pas déjà dans un autre binôme. Chaque ligne passe les contrôles du formulaire : départ en
          retraite du senior dans les 2 ans, temps partiel et rémunération, accord écrit, taux connus pour chaque mois du binôme.
        </p>
      )}
      columns={PAIR_IMPORT_COLUMNS}
      templateFilename="modele-import-binomes.csv"
      endpoint="/api/imports/pairs"
      allowed={access.pairs.write}
      deniedText="Les binômes sont importés par l’entreprise ou le secrétariat."
      list={{ to: '/acte-ii/binomes', label: 'Voir les binômes' }}
      detailPath={(id) => `/acte-ii/binomes/${id}`}
      importedLabel="binôme(s) importé(s)"
    />
  );
}
