import type { Capability } from './api/session.js';

/**
 * The sections of the service, shown in the header navigation and as tiles on the
 * home page to the users whose capabilities allow them. Add a section here and its
 * route in routes.tsx.
 */
export interface Section {
  key: string;
  label: string;
  path: string;
  description: string;
  /** Any one of these capabilities shows the section. */
  anyOf: Capability[];
  /** Sub-pages shown as a dropdown menu in the header. */
  children?: { label: string; path: string; description: string }[];
}

export const SECTIONS: Section[] = [
  {
    key: 'requests', label: 'Demandes', path: '/demandes', anyOf: ['fileRequests', 'instruct', 'runCell', 'readFiles'],
    description: 'Déposer, suivre et instruire les demandes de financement des entreprises.',
  },
  {
    key: 'cell', label: 'Séances de la cellule', path: '/cellule/seances', anyOf: ['runCell', 'instruct'],
    description: 'Préparer l’ordre du jour, tenir la séance hebdomadaire et publier le procès-verbal.',
  },
  {
    key: 'programmes', label: 'Programmes', path: '/programmes', anyOf: ['administerPlatform', 'runCell', 'instruct', 'readAggregates'],
    description: 'Actes, dispositifs, objectifs et enveloppes par financeur.',
  },
  {
    key: 'acteII', label: 'Acte II', path: '/acte-ii', anyOf: ['readAggregates'],
    description: 'Contrats de professionnalisation, parcours des intérimaires et binômes intergénérationnels : dossiers, règles et compteurs.',
    children: [
      { label: 'Vue d’ensemble', path: '/acte-ii', description: 'Compteurs des trois mesures de l’Acte II.' },
      { label: 'Contrats de professionnalisation', path: '/acte-ii/contrats', description: '6 000 contrats dont 1 000 réservés aux binômes.' },
      { label: 'Parcours intérimaires', path: '/acte-ii/parcours', description: 'Axe 2 : 1 000 parcours alternant formation et missions.' },
      { label: 'Binômes intergénérationnels', path: '/acte-ii/binomes', description: 'Axe 3 : 1 000 binômes senior et jeune.' },
    ],
  },
  {
    key: 'steering', label: 'Pilotage', path: '/pilotage', anyOf: ['readSteering'],
    description: 'Tableaux de bord et rapports agrégés pour le comité de pilotage.',
  },
  {
    key: 'observatory', label: 'Observatoire (Acte III)', path: '/observatoire', anyOf: ['readSteering'],
    description: 'Tension des métiers par zone d’emploi, paradoxe du chômage, sorties du « tout auto », frontière suisse, métiers d’avenir et alertes.',
  },
  {
    key: 'import', label: 'Import', path: '/import', anyOf: ['runCell', 'administerPlatform'],
    description: 'Importer des données depuis un tableur (CSV ou XLSX).',
  },
  {
    key: 'admin', label: 'Administration', path: '/administration', anyOf: ['administerPlatform'],
    description: 'Gérer les organisations partenaires, les comptes et leurs rattachements, les référentiels.',
    children: [
      { label: 'Organisations', path: '/administration/organisations', description: 'Entreprises, financeurs, services de l’État et partenaires.' },
      { label: 'Utilisateurs', path: '/administration/utilisateurs', description: 'Comptes, rattachements aux organisations et rôles.' },
      { label: 'Tâches de fond', path: '/administration/taches', description: 'Documents, imports et mises à jour exécutés en arrière-plan ; relancer une tâche en échec.' },
      { label: 'Courriels', path: '/administration/courriels', description: 'Courriels envoyés ou en attente, essais et dernière erreur ; leur texte quand aucun relais n’est configuré.' },
      { label: 'Référentiels › OPCA par branche (IDCC)', path: '/administration/referentiels/idcc', description: 'Le fonds de formation de chaque branche par période ; ajouter une période à partir d’une date.' },
    ],
  },
];

export function visibleSections(can: (c: Capability) => boolean): Section[] {
  return SECTIONS.filter((s) => s.anyOf.some(can));
}
