import type { Content, ContentStack } from 'pdfmake/interfaces.js';
import { formatEuros, sumCents } from '../../shared/money.js';
import { amountCell, dataTable, formatLongDateFr, formatSiret, parisDay, renderOfficialPdf, type OfficialDocumentInput, type RenderOptions } from '../../platform/documents/index.js';
import type { Decision } from '../decisions.js';

export interface DecisionLetterInput {
  company: { name: string; siret: string; address?: string };
  requestReference: string;
  /** ISO date of the session that decided. */
  sessionHeldOn: string;
  decision: Decision;
  motivation: string;
  /** What each funder grants; the company's own share is never among them. */
  lines: { funderLabel: string; approvedCents: number }[];
  /** The company's self-financing in the plan, recalled apart from what is granted. */
  ownShareCents?: number;
  signatory: { name: string; title: string };
}

const SENDER = ['Cellule opérationnelle hebdomadaire', 'Secrétariat de la cellule', 'Plateforme Parcours'];

// Article R. 421-5 of the code de justice administrative: the time limit runs only if the letter states it.
const RECOURSE =
  'Vous pouvez former un recours gracieux dans un délai de deux mois à compter de la réception de ce courrier, ' +
  'en écrivant au secrétariat de la cellule opérationnelle hebdomadaire. Vous pouvez également, dans le même délai, ' +
  'former un recours contentieux devant le tribunal administratif territorialement compétent, qui peut être saisi ' +
  'par l’application « Télérecours citoyens » (www.telerecours.fr).';
const recourse: Content[] = [{ text: 'Voies et délais de recours :', bold: true, margin: [0, 2, 0, 2] }, { text: RECOURSE, margin: [0, 0, 0, 6] }];

const NEXT_STEPS: Content = {
  ul: [
    'Enregistrez dans Parcours, au fil de la formation, les heures réalisées par chaque salarié, justifiées par les feuilles d’émargement de l’organisme de formation.',
    'Chaque financeur verse sa participation sur service fait, au vu des heures réalisées et des pièces justificatives (factures acquittées, bulletins de paie).',
    'Signalez sans délai au secrétariat tout changement : salarié qui quitte la formation, report de dates, modification du programme.',
  ],
  margin: [0, 0, 0, 6],
};

function addressBlock(company: DecisionLetterInput['company']): ContentStack {
  const lines: Content[] = [{ text: company.name, bold: true }];
  for (const line of (company.address ?? '').split(/\r?\n/).filter((text) => text.trim() !== '')) lines.push(line.trim());
  lines.push({ text: `SIRET ${formatSiret(company.siret)}`, style: 'label', margin: [0, 2, 0, 0] });
  return { stack: lines };
}

function decisionSentence(input: DecisionLetterInput, total: number): Content {
  const session = `Lors de sa séance du ${formatLongDateFr(input.sessionHeldOn)}, la cellule opérationnelle hebdomadaire a examiné votre demande de financement n° ${input.requestReference}.`;
  const outcome: Record<Decision, Content[]> = {
    approved: ['Elle a décidé de lui accorder ', { text: `un financement de ${formatEuros(total)}`, bold: true }, ', réparti comme suit :'],
    partially_approved: [
      'Elle a décidé de lui accorder ',
      { text: `un financement partiel de ${formatEuros(total)}`, bold: true },
      ', réparti comme suit :',
    ],
    postponed: ['Elle a décidé d’', { text: 'ajourner', bold: true }, ' sa décision.'],
    refused: ['Elle a décidé de ', { text: 'ne pas lui accorder de financement', bold: true }, '.'],
  };
  return { text: [session, ' ', ...outcome[input.decision]], margin: [0, 0, 0, 6] };
}

function amounts(input: DecisionLetterInput, total: number): Content {
  const rows = input.lines
    .filter((line) => line.approvedCents !== 0)
    .map((line) => [line.funderLabel, amountCell(formatEuros(line.approvedCents))]);
  return dataTable(
    [{ text: 'Financeur' }, { text: 'Montant accordé', alignment: 'right' }],
    [...rows, [{ text: 'Total accordé', bold: true }, amountCell(formatEuros(total), true)]],
    ['*', 130],
    true,
  );
}

function ownShare(input: DecisionLetterInput): Content[] {
  if (!input.ownShareCents) return [];
  return [{ text: `Ce montant ne comprend pas votre participation au plan de financement (${formatEuros(input.ownShareCents)}), qui reste à votre charge.`, margin: [0, 0, 0, 6] }];
}

function motivation(input: DecisionLetterInput): Content[] {
  if (input.motivation.trim() === '') return [];
  const label: Record<Decision, string> = {
    approved: 'Observations de la cellule',
    partially_approved: 'Motifs de l’accord partiel',
    postponed: 'Motifs de l’ajournement',
    refused: 'Motifs du refus',
  };
  return [
    { text: `${label[input.decision]} :`, bold: true, margin: [0, 2, 0, 2] },
    { text: input.motivation, margin: [0, 0, 0, 6] },
  ];
}

function followUp(decision: Decision): Content[] {
  switch (decision) {
    case 'approved':
    case 'partially_approved':
      return [{ text: 'Prochaines étapes :', bold: true, margin: [0, 2, 0, 2] }, NEXT_STEPS, ...recourse];
    case 'postponed':
      return [
        {
          text: 'Votre demande sera de nouveau examinée lors d’une prochaine séance, dès que les éléments mentionnés ci-dessus auront été transmis au secrétariat par l’intermédiaire de Parcours.',
          margin: [0, 0, 0, 8],
        },
        ...recourse,
      ];
    case 'refused':
      return recourse;
  }
}

export function decisionLetterDocument(input: DecisionLetterInput, options: RenderOptions = {}): OfficialDocumentInput {
  const generatedAt = options.generatedAt ?? new Date();
  const total = sumCents(input.lines.map((line) => line.approvedCents));
  const granted = input.decision === 'approved' || input.decision === 'partially_approved';
  return {
    title: 'Notification de décision',
    subtitle: `Demande de financement n° ${input.requestReference}`,
    generatedAt,
    compress: options.compress,
    variant: 'letter',
    content: [
      {
        columns: [
          { stack: SENDER.map((line, index) => ({ text: line, bold: index === 0, style: index === 0 ? undefined : 'label' })), width: '*' },
          { ...addressBlock(input.company), width: 220 },
        ],
        margin: [0, 0, 0, 14],
      },
      { text: `Le ${formatLongDateFr(parisDay(generatedAt))}`, alignment: 'right', margin: [0, 0, 0, 10] },
      {
        text: [{ text: 'Objet : ', bold: true }, `décision relative à votre demande de financement n° ${input.requestReference}`],
        margin: [0, 0, 0, 2],
      },
      { text: [{ text: 'Réf. : ', bold: true }, `séance du ${formatLongDateFr(input.sessionHeldOn)}`], margin: [0, 0, 0, 12] },
      { text: 'Madame, Monsieur,', margin: [0, 0, 0, 6] },
      decisionSentence(input, total),
      ...(granted ? [amounts(input, total), ...ownShare(input)] : []),
      ...motivation(input),
      ...followUp(input.decision),
      // The signature never lands alone on a page: it travels with the closing formula.
      {
        stack: [
          { text: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.', margin: [0, 4, 0, 16] },
          { text: input.signatory.title, margin: [263, 0, 0, 0] },
          { text: input.signatory.name, bold: true, margin: [263, 3, 0, 0] },
        ],
        unbreakable: true,
      },
    ],
  };
}

/** Letter notifying a company of the cell's decision on its request, as a PDF. */
export function decisionLetterPdf(input: DecisionLetterInput, options: RenderOptions = {}): Promise<Buffer> {
  return renderOfficialPdf(decisionLetterDocument(input, options));
}
