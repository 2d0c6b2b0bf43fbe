import { PATHWAY_EXAMPLE_SECOND_ROW, PATHWAY_IMPORT_COLUMNS } from '../../../../src/tempPathways/import/columns.js';
import { ACTE_II_CRUMB, PATHWAYS_CRUMB, useActeIIAccess } from '../common.js';
import { MeasureImportPage } from '../MeasureImportPage.js';

const FIRST_ROW = Object.fromEntries(PATHWAY_IMPORT_COLUMNS.map((c) => [c.key, c.example]));

/** /acte-ii/parcours/import — temp workers' pathways from a spreadsheet, one row per period. */
export function PathwayImportPage() {
  const access = useActeIIAccess();
  return (
    <MeasureImportPage
      title="Importer des parcours intérimaires"
      breadcrumb={[ACTE_II_CRUMB, PATHWAYS_CRUMB]}
      lead="Enregistrez plusieurs parcours à partir d’un tableur (CSV ou XLSX) : une ligne par période de formation ou de mission."
      layout={(
        <>
          <p>
            Une ligne par <strong>période</strong>. Les lignes d’un même parcours portent la même « Clé parcours » (P1, P2…). L’intérimaire, sa date
            d’entrée, l’agence et les financements se lisent sur la <strong>première ligne</strong> du parcours : sur les lignes suivantes, laissez ces
            cellules vides ou répétez les mêmes valeurs ; les financements ne se donnent qu’une fois.
          </p>
          <p>
            Chaque parcours passe les contrôles du formulaire : éligibilité (sous le niveau V, ou niveau V général sans diplôme professionnel),
            périodes qui ne se chevauchent pas, code ROME connu pour chaque mission, fenêtre de l’expérimentation, et reste de l’enveloppe de
            l’axe 2 par financeur en comptant les parcours précédents du fichier.
          </p>
        </>
      )}
      columns={PATHWAY_IMPORT_COLUMNS}
      exampleRows={[FIRST_ROW, PATHWAY_EXAMPLE_SECOND_ROW]}
      templateFilename="modele-import-parcours.csv"
      endpoint="/api/imports/temp-pathways"
      allowed={access.pathways.write}
      deniedText="Les parcours sont importés par l’entreprise de travail temporaire ou le secrétariat."
      list={{ to: '/acte-ii/parcours', label: 'Voir les parcours' }}
      detailPath={(id) => `/acte-ii/parcours/${id}`}
      importedLabel="parcours importé(s)"
    />
  );
}
