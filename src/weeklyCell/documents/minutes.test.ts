import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../shared/money.js';
import { sampleMinutes } from './fixtures.js';
import { minutesPdf } from './minutes.js';
import { pdfText } from '../../platform/documents/pdfText.js';

const generatedAt = new Date('2026-11-26T13:05:00Z');

describe('minutesPdf', () => {
  it('renders the procès-verbal with every decision, amount and total', async () => {
    const pdf = await minutesPdf(sampleMinutes, { generatedAt, compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Procès-verbal de la cellule opérationnelle hebdomadaire');
    expect(text).toContain('Séance du 26 novembre 2026 — référence CELL-2026-47');
    expect(text).toContain('jeudi 26 novembre 2026 (26/11/2026)');
    expect(text).toContain('Présidence Claire Vuillemin (DREETS)');
    expect(text).toContain('Région Bourgogne-Franche-Comté Marc Girardot');
    expect(text).toContain('France Travail Non désigné(e)');

    expect(text).toContain('1. Demande DEM-2026-0112 — Forges de l’Étoile');
    expect(text).toContain('SIRET 732\u00a0829\u00a0320\u00a000074');
    expect(text).toContain(`Coût total du projet : ${formatEuros(18_450_000)}`);
    expect(text).toContain('Décision : Accord ');
    expect(text).toContain('Décision : Accord partiel');
    expect(text).toContain('Décision : Ajournement');
    expect(text).toContain('Décision : Refus');
    expect(text).toContain(`Opco 2i ${formatEuros(2_480_020)} ${formatEuros(1_600_000)}`);
    expect(text).toContain(`Total ${formatEuros(3_844_031)} ${formatEuros(2_500_000)}`);
    expect(text).toContain('Motivation : Les heures de formation interne ne sont pas éligibles');

    // Summary: one file of each kind, 138 375 € + 25 000 € granted.
    expect(text).toContain(`Accord 1 ${formatEuros(13_837_500)}`);
    expect(text).toContain(`Refus 1 ${formatEuros(0)}`);
    expect(text).toContain(`Total 4 ${formatEuros(16_337_500)}`);

    expect(text).toContain('Engagements par financeur');
    expect(text).toContain(`État (FNE-Formation) ${formatEuros(4_959_000)}`);
    expect(text).toContain('Total 163\u00a0375,00\u00a0€');
    expect(text).toContain('Séance close le 26/11/2026 à 12:45.');
    expect(text).toContain('Page 2 / 2');
  });

  it('keeps the decisions in the order they were taken', async () => {
    const text = pdfText(await minutesPdf(sampleMinutes, { generatedAt, compress: false }));
    const positions = sampleMinutes.decisions.map((d) => text.indexOf(d.requestReference));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('says so when a session has no decision, no attendee and no commitment', async () => {
    const empty = { session: { ...sampleMinutes.session, chair: undefined, attendees: [] }, decisions: [], committedByFunder: [] };
    const text = pdfText(await minutesPdf(empty, { generatedAt, compress: false }));
    expect(text).toContain('Aucun participant enregistré.');
    expect(text).toContain('Aucune demande n’a été examinée lors de cette séance.');
    expect(text).toContain('Aucun engagement lors de cette séance.');
    expect(text).toContain('Présidence Non renseignée');
    expect(text).not.toContain('La présidence de séance');
  });
});
