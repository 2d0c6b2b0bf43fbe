/**
 * The columns of the history import, as src/weeklyCell/import/layout.ts defines them
 * (that file reads spreadsheets on the server and cannot be bundled for the browser).
 * Keep the headers in the same order: tests/importLayout.test.ts compares them with the
 * server's, and tests/e2e/import.e2e.test.ts imports a file built from this template.
 */
export interface ImportColumn { header: string; required: boolean; help: string; example: string }

const funders = [
  { label: 'OPCA', paid: true },
  { label: 'État', paid: true },
  { label: 'FSE', paid: true },
  { label: 'Région', paid: true },
  { label: 'FPSPP', paid: true },
  { label: 'Pôle emploi', paid: true },
  { label: 'Entreprise', paid: false },
];

const example: Record<string, string> = {
  'Accordé OPCA': '12000,00', 'Accordé État': '6000,00', 'Accordé Région': '3000,00', 'Accordé Entreprise': '4000,00',
  'Versé OPCA': '12000,00', 'Versé État': '6000,00', 'Versé Région': '3000,00',
};

export const IMPORT_COLUMNS: ImportColumn[] = [
  { header: 'Référence', required: false, help: 'Référence du dossier (40 caractères au plus). Vide : une référence IMP-AAAA-NNNNN est attribuée.', example: 'CH-2011-101' },
  { header: 'Code dispositif', required: true, help: 'Code d’un dispositif de cellule hebdomadaire, par exemple ACTE1-CELLULE ou ACTE2-AXE1.', example: 'ACTE2-AXE1' },
  { header: 'Raison sociale', required: true, help: 'Nom de l’entreprise (200 caractères au plus).', example: 'Mécanique de Précision du Doubs' },
  { header: 'SIRET', required: true, help: '14 chiffres, clé de contrôle vérifiée.', example: '73282932000074' },
  { header: 'Code NAF', required: true, help: 'Code NAF rév. 2, par exemple 29.32Z.', example: '29.32Z' },
  { header: 'IDCC', required: false, help: 'Convention collective, 4 chiffres.', example: '' },
  { header: 'Effectif', required: false, help: 'Nombre de salariés de l’entreprise.', example: '120' },
  { header: 'Département', required: true, help: 'Numéro du département, par exemple 25, 2A ou 974.', example: '25' },
  { header: 'Zone emploi', required: false, help: 'Zone d’emploi de l’établissement (zonage INSEE 2010), par exemple Besançon ou Lons-le-Saunier ; casse, accents et tirets indifférents.', example: 'Besançon' },
  { header: 'OPCA de rattachement', required: false, help: 'Nom d’un OPCA enregistré, par exemple « OPCAIM (métallurgie) ». Obligatoire si « Versé OPCA » est rempli.', example: 'OPCAIM (métallurgie)' },
  { header: 'Début baisse activité', required: false, help: 'Date au format JJ/MM/AAAA.', example: '01/02/2011' },
  { header: 'Fin baisse activité', required: false, help: 'Date au format JJ/MM/AAAA, après le début.', example: '30/06/2011' },
  { header: 'Date de décision', required: true, help: 'Date de la décision de la cellule (JJ/MM/AAAA).', example: '15/03/2011' },
  { header: 'Statut', required: true, help: '« accordée », « soldée » ou « refusée ».', example: 'soldée' },
  { header: 'Stagiaires', required: true, help: 'Nombre de salariés formés.', example: '25' },
  { header: 'Heures de formation', required: true, help: 'Total des heures-stagiaires (au moins une heure par stagiaire).', example: '700' },
  { header: 'Coût pédagogique', required: true, help: 'En euros, par exemple 12 500,00.', example: '15000,00' },
  { header: 'Coût salarial', required: true, help: 'Salaires pendant la formation, en euros.', example: '10000,00' },
  ...funders.map((f) => ({ header: `Accordé ${f.label}`, required: false, help: `Montant accordé par ${f.label === 'Entreprise' ? 'l’entreprise (autofinancement)' : f.label}, en euros. Les montants accordés additionnés égalent le coût total.`, example: '' })),
  ...funders.filter((f) => f.paid).map((f) => ({ header: `Versé ${f.label}`, required: false, help: `Montant versé par ${f.label}, au plus le montant accordé.`, example: '' })),
  { header: 'Date du solde', required: false, help: 'Pour une demande « soldée » seulement (JJ/MM/AAAA).', example: '15/12/2011' },
].map((c) => ({ ...c, example: example[c.header] ?? c.example }));

export const IMPORT_TEMPLATE_HEADERS = IMPORT_COLUMNS.map((c) => c.header);

const cell = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CSV as French Excel saves it (« ; », UTF-8 with BOM): the header line and one example row. */
export function templateCsv(): string {
  const lines = [IMPORT_TEMPLATE_HEADERS, IMPORT_COLUMNS.map((c) => c.example)];
  return `\uFEFF${lines.map((l) => l.map(cell).join(';')).join('\r\n')}\r\n`;
}
