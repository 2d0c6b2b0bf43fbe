import type { Content } from 'pdfmake/interfaces.js';
import { formatEuros, sumCents } from '../../shared/money.js';
import {
  amountCell, COLORS, dataTable, formatDateFr, formatDateTimeParis, formatLongDateFr, formatSiret, heading, keepWithNext, renderOfficialPdf, type OfficialDocumentInput,
  type RenderOptions,
} from '../../platform/documents/index.js';
import { DECISION_LABELS, DECISIONS, type Decision } from '../decisions.js';

export type { RenderOptions };

export interface MinutesInput {
  session: {
    reference: string;
    /** ISO date of the session. */
    heldOn: string;
    /** UTC timestamp at which the session was closed. */
    closedAt: string;
    chair?: string;
    /** The chair's function, printed under the name that signs. */
    chairTitle?: string;
    /** The representatives recorded when the session opened. */
    attendees: { organisation: string; person?: string; title?: string }[];
  };
  decisions: {
    requestReference: string;
    companyName: string;
    siret: string;
    decision: Decision;
    motivation: string;
    totalCostCents: number;
    /** `ownShare`: the company's self-financing, shown in the plan but never counted as granted. */
    lines: { funderLabel: string; proposedCents: number; approvedCents: number; ownShare?: boolean }[];
  }[];
  committedByFunder: { funderLabel: string; amountCents: number }[];
}

export const DECISION_COLORS: Record<Decision, string> = {
  approved: COLORS.success,
  partially_approved: COLORS.warning,
  postponed: COLORS.info,
  refused: COLORS.error,
};

type DecisionEntry = MinutesInput['decisions'][number];

const approvedTotal = (entry: DecisionEntry) => sumCents(entry.lines.filter((line) => !line.ownShare).map((line) => line.approvedCents));

function sessionFacts(session: MinutesInput['session']): Content {
  const facts: [string, string][] = [
    ['Séance', `${formatLongDateFr(session.heldOn, true)} (${formatDateFr(session.heldOn)})`],
    ['Référence', session.reference],
    ['Présidence', session.chair ? [session.chair, session.chairTitle].filter(Boolean).join(', ') : 'Non renseignée'],
    ['Clôture', formatDateTimeParis(session.closedAt)],
  ];
  return {
    table: { widths: [80, '*'], body: facts.map(([label, value]) => [{ text: label, style: 'label' }, value]) },
    layout: 'noBorders',
  };
}

function attendees(session: MinutesInput['session']): Content[] {
  if (session.attendees.length === 0) return [heading('Participants'), { text: 'Aucun participant enregistré.', italics: true }];
  return [
    heading('Participants'),
    dataTable(
      [{ text: 'Organisation' }, { text: 'Représentant(e)' }],
      session.attendees.map((attendee) => [attendee.organisation, attendee.person ? [attendee.person, attendee.title].filter(Boolean).join(', ') : 'Non désigné(e)']),
      ['*', '*'],
    ),
  ];
}

function summary(decisions: DecisionEntry[]): Content[] {
  const rows = DECISIONS.map((decision) => {
    const matching = decisions.filter((entry) => entry.decision === decision);
    return [
      { text: DECISION_LABELS[decision], color: DECISION_COLORS[decision], bold: true },
      amountCell(String(matching.length)),
      amountCell(formatEuros(sumCents(matching.map(approvedTotal)))),
    ];
  });
  const total = [
    { text: 'Total', bold: true },
    amountCell(String(decisions.length), true),
    amountCell(formatEuros(sumCents(decisions.map(approvedTotal))), true),
  ];
  return [
    heading('Synthèse des décisions'),
    dataTable(
      [{ text: 'Décision' }, { text: 'Dossiers', alignment: 'right' }, { text: 'Montant accordé', alignment: 'right' }],
      [...rows, total],
      ['*', 70, 110],
      true,
    ),
  ];
}

function fundingTable(entry: DecisionEntry): Content {
  const funders = entry.lines.filter((line) => !line.ownShare);
  const rows: Content[][] = funders.map((line) => [line.funderLabel, amountCell(formatEuros(line.proposedCents)), amountCell(formatEuros(line.approvedCents))]);
  const total = [
    { text: 'Total', bold: true },
    amountCell(formatEuros(sumCents(funders.map((line) => line.proposedCents))), true),
    amountCell(formatEuros(approvedTotal(entry)), true),
  ];
  return dataTable(
    [{ text: 'Financeur' }, { text: 'Montant proposé', alignment: 'right' }, { text: 'Montant accordé', alignment: 'right' }],
    [...rows, total],
    ['*', 110, 110],
    true,
  );
}

function decisionBlock(entry: DecisionEntry, index: number): Content {
  const block: Content[] = [
    { text: `${index + 1}. Demande ${entry.requestReference} — ${entry.companyName}`, bold: true, fontSize: 11 },
    {
      text: [
        { text: 'SIRET ', style: 'label' },
        formatSiret(entry.siret),
        { text: '   ·   Coût total du projet : ', style: 'label' },
        formatEuros(entry.totalCostCents),
      ],
      margin: [0, 2, 0, 4],
    },
    {
      text: [{ text: 'Décision : ', style: 'label' }, { text: DECISION_LABELS[entry.decision], bold: true, color: DECISION_COLORS[entry.decision] }],
      margin: [0, 0, 0, 4],
    },
  ];
  if (entry.lines.some((line) => !line.ownShare)) block.push(fundingTable(entry));
  // The company's own share is part of the plan, not of what the cell grants.
  const ownShare = sumCents(entry.lines.filter((line) => line.ownShare).map((line) => line.proposedCents));
  if (ownShare > 0) block.push({ text: [{ text: 'Autofinancement de l’entreprise : ', style: 'label' }, `${formatEuros(ownShare)} (non compris dans le montant accordé)`], margin: [0, 0, 0, 4] });
  block.push({ text: [{ text: 'Motivation : ', style: 'label' }, entry.motivation || '—'], margin: [0, 0, 0, 0] });
  // Keeps a decision on one page: a reader must never turn the page to find its amounts.
  return { stack: block, unbreakable: true, margin: [0, 6, 0, 10] };
}

function commitments(committed: MinutesInput['committedByFunder']): Content[] {
  if (committed.length === 0) return [heading('Engagements par financeur'), { text: 'Aucun engagement lors de cette séance.', italics: true }];
  const rows = committed.map((line) => [line.funderLabel, amountCell(formatEuros(line.amountCents))]);
  const total = [{ text: 'Total', bold: true }, amountCell(formatEuros(sumCents(committed.map((line) => line.amountCents))), true)];
  return [
    heading('Engagements par financeur'),
    dataTable([{ text: 'Financeur' }, { text: 'Montant engagé', alignment: 'right' }], [...rows, total], ['*', 130], true),
  ];
}

function closing(session: MinutesInput['session']): Content[] {
  const closingLine: Content = { text: `Séance close le ${formatDateTimeParis(session.closedAt)}.`, margin: [0, 16, 0, 0] };
  if (!session.chair) return [closingLine];
  return [
    closingLine,
    {
      stack: [{ text: session.chairTitle ?? 'La présidence de séance', style: 'label' }, { text: session.chair, bold: true, margin: [0, 4, 0, 0] }],
      alignment: 'right',
      margin: [0, 16, 0, 0],
      unbreakable: true,
    },
  ];
}

export function minutesDocument(input: MinutesInput, options: RenderOptions = {}): OfficialDocumentInput {
  const { session, decisions } = input;
  return {
    title: 'Procès-verbal de la cellule opérationnelle hebdomadaire',
    subtitle: `Séance du ${formatLongDateFr(session.heldOn)} — référence ${session.reference}`,
    generatedAt: options.generatedAt,
    compress: options.compress,
    content: [
      sessionFacts(session),
      ...attendees(session),
      ...summary(decisions),
      // The heading travels with the first decision: it never ends a page alone.
      ...keepWithNext('Décisions', decisions.length === 0 ? { text: 'Aucune demande n’a été examinée lors de cette séance.', italics: true } : decisionBlock(decisions[0]!, 0)),
      ...decisions.slice(1).map((entry, index) => decisionBlock(entry, index + 1)),
      ...commitments(input.committedByFunder),
      ...closing(session),
    ],
  };
}

/** Procès-verbal of a weekly cell session, as a PDF. */
export function minutesPdf(input: MinutesInput, options: RenderOptions = {}): Promise<Buffer> {
  return renderOfficialPdf(minutesDocument(input, options));
}
