/**
 * The columns of the contracts import, as users read them (docs/acte-ii.md, the web page and its
 * CSV template). Pure data, imported by the browser too: the parsers live in layout.ts. Headers are
 * those of the first (synchronous) import, so files prepared for it still load.
 */
import type { ImportColumnDoc } from '../../measures/import/columns.js';

export const CONTRACT_IMPORT_COLUMNS: readonly ImportColumnDoc[] = [
  { key: 'siret', header: 'SIRET employeur', required: 'OPCA et secrétariat', help: '14 chiffres d’une entreprise enregistrée. Une entreprise peut laisser la colonne vide (ses propres contrats seulement).', example: '73282932000074' },
  { key: 'fund', header: 'OPCA', required: 'sauf pour un OPCA', help: 'Nom de l’OPCA qui finance le contrat, par exemple « OPCAIM (métallurgie) ». Un OPCA n’importe que ses contrats.', example: 'OPCAIM (métallurgie)' },
  { key: 'lastName', header: 'Nom', required: 'oui', help: 'Nom du bénéficiaire.', example: 'Martin' },
  { key: 'firstName', header: 'Prénom', required: 'oui', help: 'Prénom du bénéficiaire.', example: 'Léa' },
  { key: 'birthDate', header: 'Date de naissance', required: 'oui', help: 'JJ/MM/AAAA.', example: '05/05/1993' },
  { key: 'sex', header: 'Sexe', required: 'oui', help: 'F ou M (Femme, Homme).', example: 'F' },
  { key: 'level', header: 'Niveau', required: 'oui', help: 'Niveau de qualification détenu : VI, Vbis, V, IV, III, II ou I.', example: 'V' },
  { key: 'hasRecognisedQualification', header: 'Qualification reconnue', required: 'oui', help: 'oui / non.', example: 'oui' },
  { key: 'jobSeeker', header: 'Demandeur d’emploi', required: 'oui', help: 'oui / non : inscrit à Pôle emploi au début du contrat.', example: 'non' },
  { key: 'publics', header: 'Publics prioritaires', required: 'non', help: 'rsa, ass, aah, afterCui (ou leurs libellés), séparés par des virgules.', example: '' },
  { key: 'contractType', header: 'Type de contrat', required: 'oui', help: 'CDD ou CDI.', example: 'CDD' },
  { key: 'startDate', header: 'Date de début', required: 'oui', help: 'JJ/MM/AAAA.', example: '01/09/2011' },
  { key: 'endDate', header: 'Date de fin', required: 'oui', help: 'Fin du CDD ou de l’action de professionnalisation (JJ/MM/AAAA).', example: '31/08/2012' },
  { key: 'extendedDurationReason', header: 'Motif d’allongement', required: 'au-delà de 12 mois', help: '« accord de branche », « personne sans qualification professionnelle reconnue » ou « bénéficiaire du RSA, de l’ASS, de l’AAH ou sortant d’un CUI » (ou branchAgreement, noRecognisedQualification, priorityPublic).', example: '' },
  { key: 'trainingHours', header: 'Heures de formation', required: 'oui', help: 'Nombre d’heures, décimales avec une virgule (au moins 150 h, 15 à 25 % de la durée).', example: '400' },
  { key: 'branchAllowsTrainingAbove25', header: 'Accord de branche au-delà de 25 %', required: 'non', help: 'oui / non : un accord de branche autorise plus de 25 % de formation.', example: '' },
  { key: 'targetedQualification', header: 'Qualification visée', required: 'oui', help: 'Intitulé du diplôme, titre ou CQP.', example: 'CQPM opérateur régleur' },
  { key: 'targetedLevel', header: 'Niveau visé', required: 'oui', help: 'VI, Vbis, V, IV, III, II ou I.', example: 'V' },
  { key: 'providerName', header: 'Organisme de formation', required: 'oui', help: 'Nom de l’organisme.', example: 'AFPA Franche-Comté' },
  { key: 'grossMonthlyPayCents', header: 'Salaire brut mensuel', required: 'oui', help: 'En euros (« 1 234,56 »), comparé au plancher mois par mois.', example: '900,00' },
  { key: 'branchMinimumMonthlyCents', header: 'Minimum de branche', required: 'non', help: 'Minimum conventionnel mensuel en euros (bénéficiaires de 26 ans et plus).', example: '' },
  { key: 'branchHourlyRateCents', header: 'Forfait horaire de branche', required: 'non', help: 'Forfait horaire de prise en charge fixé par la branche, en euros.', example: '' },
  { key: 'tutorLastName', header: 'Nom du tuteur', required: 'depuis le 05/03/2014', help: 'Tuteur retrouvé par ses nom et prénom dans l’entreprise, créé sinon.', example: 'Bernard' },
  { key: 'tutorFirstName', header: 'Prénom du tuteur', required: 'avec un tuteur', help: 'Prénom du tuteur.', example: 'Michel' },
  { key: 'tutorBirthDate', header: 'Naissance du tuteur', required: 'non', help: 'JJ/MM/AAAA (aide au tutorat majorée à partir de 45 ans).', example: '01/02/1960' },
  { key: 'tutorExperienceMonths', header: 'Expérience du tuteur (mois)', required: 'nouveau tuteur', help: 'Mois d’expérience en rapport avec la qualification visée (24 au moins).', example: '120' },
  { key: 'tutorIsEmployer', header: 'Tuteur employeur', required: 'nouveau tuteur', help: 'oui / non : l’employeur est lui-même tuteur (2 alternants au plus au lieu de 3).', example: 'non' },
  { key: 'tutorTrainingHours', header: 'Heures de formation du tuteur', required: 'non', help: 'Heures de formation du tuteur à prendre en charge.', example: '' },
  { key: 'reservedForPair', header: 'Réservé binôme', required: 'non', help: 'oui / non : compté dans les 1 000 contrats réservés aux binômes intergénérationnels (CDI obligatoire). Sans « oui », un contrat ne peut pas entamer la réserve.', example: 'non' },
];
