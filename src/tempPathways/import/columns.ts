import type { ImportColumnDoc } from '../../measures/import/columns.js';

/**
 * The temp pathways import: ONE ROW PER PERIOD, rows of the same pathway sharing its « Clé parcours ».
 * The person, the entry date, the agency and the financing are read from the pathway's FIRST row;
 * on its other rows they may be repeated (they must then be identical) or left empty — except the
 * financing, given once so that it is never counted twice. Pure data, imported by the browser too.
 */
export const PATHWAY_FUNDER_COLUMNS = [
  { key: 'funding_FAFTT', funder: 'FAFTT', header: 'Financement FAF.TT', by: 'le FAF.TT' },
  { key: 'funding_REGION', funder: 'REGION', header: 'Financement Région', by: 'la Région' },
  { key: 'funding_FPSPP', funder: 'FPSPP', header: 'Financement FPSPP', by: 'le FPSPP' },
  { key: 'funding_STATE', funder: 'STATE', header: 'Financement État', by: 'l’État' },
] as const;

const FIRST = 'première ligne du parcours';

export const PATHWAY_IMPORT_COLUMNS: readonly ImportColumnDoc[] = [
  { key: 'pathwayKey', header: 'Clé parcours', required: 'oui', help: 'Identifiant libre qui regroupe les lignes (périodes) d’un même parcours, par exemple P1, P2… Il n’est pas enregistré.', example: 'P1' },
  { key: 'agency', header: 'Agence', required: 'secrétariat', help: 'SIRET ou nom de l’entreprise de travail temporaire. Une agence peut laisser la colonne vide : elle n’importe que ses propres parcours.', example: '' },
  { key: 'lastName', header: 'Nom', required: FIRST, help: 'Nom de l’intérimaire.', example: 'Girard' },
  { key: 'firstName', header: 'Prénom', required: FIRST, help: 'Prénom de l’intérimaire.', example: 'Kevin' },
  { key: 'sex', header: 'Sexe', required: FIRST, help: 'F ou M.', example: 'M' },
  { key: 'birthDate', header: 'Date de naissance', required: FIRST, help: 'JJ/MM/AAAA.', example: '04/04/1988' },
  { key: 'level', header: 'Niveau', required: FIRST, help: 'Niveau de qualification : VI, Vbis, V, IV, III, II ou I (éligibles : sous le niveau V, ou V général sans diplôme professionnel).', example: 'Vbis' },
  { key: 'route', header: 'Voie', required: FIRST, help: '« générale » ou « professionnelle » : la voie par laquelle le niveau a été atteint.', example: 'générale' },
  { key: 'hasVocationalDiploma', header: 'Diplôme professionnel', required: FIRST, help: 'oui / non : CAP, BEP ou autre diplôme professionnel.', example: 'non' },
  { key: 'entryDate', header: 'Date d’entrée', required: FIRST, help: 'Entrée dans le parcours (JJ/MM/AAAA), dans la fenêtre de l’expérimentation.', example: '01/03/2011' },
  { key: 'kind', header: 'Type de période', required: 'oui', help: '« formation » ou « mission ».', example: 'formation' },
  { key: 'start', header: 'Début', required: 'oui', help: 'Début de la période (JJ/MM/AAAA). Les périodes d’un parcours ne se chevauchent pas.', example: '01/03/2011' },
  { key: 'end', header: 'Fin', required: 'oui', help: 'Fin de la période (JJ/MM/AAAA).', example: '31/03/2011' },
  { key: 'hours', header: 'Heures', required: 'oui', help: 'Heures de la période, décimales avec une virgule.', example: '105' },
  { key: 'costCents', header: 'Coût', required: 'non', help: 'Coût de la période en euros (« 3 150,00 »).', example: '3150,00' },
  { key: 'romeCode', header: 'Code ROME', required: 'missions', help: 'Emploi occupé (mission) ou visé (formation) : une lettre de A à N et 4 chiffres, présent dans le répertoire ROME.', example: 'H2903' },
  { key: 'providerName', header: 'Organisme de formation', required: 'non', help: 'Pour une formation.', example: 'AFPA Franche-Comté' },
  { key: 'userCompany', header: 'Entreprise utilisatrice', required: 'non', help: 'Pour une mission.', example: '' },
  { key: 'targetedQualification', header: 'Qualification visée', required: 'non', help: 'Pour une formation.', example: 'CQP conducteur de ligne' },
  ...PATHWAY_FUNDER_COLUMNS.map((f) => ({
    key: f.key, header: f.header, required: 'non',
    help: `Montant financé par ${f.by}, en euros, sur la première ligne du parcours seulement ; pris sur l’enveloppe de l’axe 2 de ce financeur (refusé s’il n’en a pas).`,
    example: f.funder === 'FAFTT' ? '2500,00' : f.funder === 'REGION' ? '650,00' : '',
  })),
];

/** The example pathway of the template and the docs: a training then a mission. */
export const PATHWAY_EXAMPLE_SECOND_ROW: Record<string, string> = {
  pathwayKey: 'P1', kind: 'mission', start: '01/04/2011', end: '31/05/2011', hours: '280', romeCode: 'H2903', userCompany: 'Mécanique de Précision du Doubs',
};
