import type { ImportColumnDoc } from '../../measures/import/columns.js';

/** The pairs import: one row per pair, the junior named by the reference of their C.Pro. Pure data, imported by the browser too. */
export const PAIR_IMPORT_COLUMNS: readonly ImportColumnDoc[] = [
  { key: 'juniorReference', header: 'Contrat du jeune', required: 'oui', help: 'Référence du contrat de professionnalisation du jeune (CPRO-000123) : un CDI réservé aux binômes, de l’entreprise du senior, sans autre binôme.', example: 'CPRO-000001' },
  { key: 'seniorLastName', header: 'Nom du senior', required: 'oui', help: 'Nom du salarié senior.', example: 'Ancien' },
  { key: 'seniorFirstName', header: 'Prénom du senior', required: 'oui', help: 'Prénom du senior.', example: 'Marc' },
  { key: 'seniorSex', header: 'Sexe du senior', required: 'oui', help: 'F ou M.', example: 'M' },
  { key: 'seniorBirthDate', header: 'Naissance du senior', required: 'oui', help: 'JJ/MM/AAAA.', example: '01/06/1951' },
  { key: 'expectedRetirementDate', header: 'Départ en retraite prévu', required: 'oui', help: 'JJ/MM/AAAA : au plus 2 ans après le début du binôme.', example: '01/07/2012' },
  { key: 'startDate', header: 'Début', required: 'oui', help: 'Début du binôme (JJ/MM/AAAA).', example: '03/01/2011' },
  { key: 'endDate', header: 'Fin', required: 'oui', help: 'Fin du temps partiel du senior (JJ/MM/AAAA), au plus tard la veille du départ.', example: '30/06/2012' },
  { key: 'fullTimeSalaryCents', header: 'Salaire temps plein', required: 'oui', help: 'Salaire brut mensuel à temps plein fixé dans l’accord, en euros.', example: '2000,00' },
  { key: 'activityBp', header: 'Activité (%)', required: 'non', help: 'Temps de travail du senior en % du temps plein (50 par défaut).', example: '50' },
  { key: 'payBp', header: 'Rémunération (%)', required: 'non', help: 'Rémunération en % du salaire à temps plein (80 par défaut).', example: '80' },
  { key: 'writtenAgreement', header: 'Accord écrit', required: 'oui', help: 'oui / non : accord écrit de cotiser sur la base du temps plein (obligatoire pour le binôme).', example: 'oui' },
  { key: 'employerPaysEmployeeSupplement', header: 'Supplément salarial pris en charge', required: 'non', help: 'oui / non : l’employeur prend en charge les cotisations salariales sur le complément (non par défaut).', example: 'non' },
];
