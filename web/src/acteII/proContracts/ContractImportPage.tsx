import { fr } from '@codegouvfr/react-dsfr';
import { CONTRACT_IMPORT_COLUMNS } from '../../../../src/proContracts/import/columns.js';
import { ACTE_II_CRUMB, CONTRACTS_CRUMB, useActeIIAccess } from '../common.js';
import { MeasureImportPage } from '../MeasureImportPage.js';

/** /acte-ii/contrats/import — contracts from a spreadsheet, checked with every rule of the form, imported in the background. */
export function ContractImportPage() {
  const access = useActeIIAccess();
  return (
    <MeasureImportPage
      title="Importer des contrats"
      breadcrumb={[ACTE_II_CRUMB, CONTRACTS_CRUMB]}
      lead="Enregistrez plusieurs contrats de professionnalisation à partir d’un tableur (CSV ou XLSX) : une ligne par contrat."
      layout={(
        <>
          <p>
            Le fichier compte une ligne d’en-têtes puis une ligne par contrat. Chaque ligne passe les contrôles du formulaire : éligibilité,
            durée, part de formation, rémunération minimale, tuteur. Les lignes se lisent dans l’ordre, comme si les précédentes étaient déjà
            enregistrées : un tuteur nommé sur plusieurs lignes voit sa charge augmenter, et le quota compte les contrats du fichier.
          </p>
          <p className={fr.cx('fr-mb-2w')}>
            Un contrat qui n’est pas marqué « Réservé binôme » ne peut pas entamer les 1 000 places réservées aux binômes intergénérationnels :
            une dérogation motivée se demande contrat par contrat, depuis le formulaire.
          </p>
        </>
      )}
      columns={CONTRACT_IMPORT_COLUMNS}
      templateFilename="modele-import-contrats.csv"
      endpoint="/api/imports/pro-contracts"
      allowed={access.contracts.write}
      deniedText="Les contrats sont importés par l’employeur, son OPCA ou le secrétariat. Votre rôle permet de consulter les contrats."
      list={{ to: '/acte-ii/contrats', label: 'Voir les contrats' }}
      detailPath={(id) => `/acte-ii/contrats/${id}`}
      importedLabel="contrat(s) importé(s)"
    />
  );
}
