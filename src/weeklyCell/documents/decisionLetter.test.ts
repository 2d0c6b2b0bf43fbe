import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../shared/money.js';
import { decisionLetterPdf, type DecisionLetterInput } from './decisionLetter.js';
import { sampleLetter } from './fixtures.js';
import { pdfPageCount, pdfText } from '../../platform/documents/pdfText.js';

const generatedAt = new Date('2026-11-30T23:30:00Z');
const letterText = async (input: DecisionLetterInput) => {
  const pdf = await decisionLetterPdf(input, { generatedAt, compress: false });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfPageCount(pdf)).toBe(1);
  return pdfText(pdf);
};
const RECOURSE = 'Vous pouvez former un recours gracieux dans un délai de deux mois';

describe('decisionLetterPdf', () => {
  it('writes a formal letter with the amounts granted per funder and their total', async () => {
    const text = await letterText({ ...sampleLetter, decision: 'approved' });
    expect(text).toContain('Plasturgie du Jura 12 rue des Mouleurs 39200 Saint-Claude SIRET 552\u00a0081\u00a0317\u00a066522');
    // Generated at 23:30 UTC on 30 November: already 1 December in France.
    expect(text).toContain('Le 1er décembre 2026');
    expect(text).toContain('Objet : décision relative à votre demande de financement n° DEM-2026-0118');
    expect(text).toContain('Madame, Monsieur,');
    expect(text).toContain('Lors de sa séance du 26 novembre 2026, la cellule opérationnelle hebdomadaire a examiné votre demande');
    expect(text).toContain(`un financement de ${formatEuros(2_500_000)}`);
    expect(text).toContain(`Opco 2i ${formatEuros(1_600_000)}`);
    expect(text).toContain(`État (FNE-Formation) ${formatEuros(900_000)}`);
    expect(text).toContain(`Total accordé ${formatEuros(2_500_000)}`);
    // A funder that grants nothing is not listed.
    expect(text).not.toContain('Région Bourgogne-Franche-Comté');
    expect(text).toContain('Observations de la cellule : Les heures de formation interne');
    expect(text).toContain('Prochaines étapes : Enregistrez dans Parcours');
    expect(text).toContain('les heures réalisées par chaque salarié');
    expect(text).toContain('verse sa participation sur service fait');
    // Every decision states how and by when it may be contested, or the time limit never runs.
    expect(text).toContain(`Voies et délais de recours : ${RECOURSE}`);
    expect(text).toContain('salutations distinguées. Présidente de la cellule opérationnelle hebdomadaire Claire Vuillemin');
  });

  it('grants only what funders give: the company’s own share is recalled apart, never counted as granted', async () => {
    const text = await letterText({ ...sampleLetter, decision: 'approved', ownShareCents: 1_550_000 });
    expect(text).toContain(`un financement de ${formatEuros(2_500_000)}`);
    expect(text).not.toContain(formatEuros(4_050_000));
    expect(text).toContain(`Ce montant ne comprend pas votre participation au plan de financement (${formatEuros(1_550_000)}), qui reste à votre charge.`);
  });

  it('adds the recourse wording to a partial approval', async () => {
    const text = await letterText(sampleLetter);
    expect(text).toContain(`un financement partiel de ${formatEuros(2_500_000)}`);
    expect(text).toContain('Motifs de l’accord partiel :');
    expect(text).toContain('Prochaines étapes');
    expect(text).toContain(`Voies et délais de recours : ${RECOURSE}`);
  });

  it('gives a refusal its reasons and the recourse, without amounts or next steps', async () => {
    const text = await letterText({ ...sampleLetter, decision: 'refused', motivation: 'Aucune baisse d’activité justifiée.', lines: [] });
    expect(text).toContain('Elle a décidé de ne pas lui accorder de financement');
    expect(text).toContain('Motifs du refus : Aucune baisse d’activité justifiée.');
    expect(text).toContain(RECOURSE);
    expect(text).toContain('tribunal administratif');
    expect(text).not.toContain('Montant accordé');
    expect(text).not.toContain('Prochaines étapes');
  });

  it('explains a postponement and what happens next', async () => {
    const text = await letterText({ ...sampleLetter, decision: 'postponed', motivation: 'Le devis de l’organisme manque.' });
    // The bold word is drawn apart: the extractor sees a space before it.
    expect(text).toContain('Elle a décidé d’ ajourner sa décision.');
    expect(text).toContain('Motifs de l’ajournement : Le devis de l’organisme manque.');
    expect(text).toContain('sera de nouveau examinée lors d’une prochaine séance');
    expect(text).toContain(RECOURSE);
    expect(text).not.toContain('Montant accordé');
  });
});
