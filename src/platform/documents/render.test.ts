import { afterAll, describe, expect, it } from 'vitest';
import { dataTable, keepWithNext, TABLE_LAYOUTS } from './layout.js';
import { pdfPageCount, pdfText } from './pdfText.js';
import { closePdfRenderer, renderOfficialPdf, renderPdf } from './render.js';
import { sanitiseDocument, sanitiseText } from './sanitise.js';

const generatedAt = new Date('2026-11-26T13:05:00Z');

afterAll(() => closePdfRenderer());

describe('sanitiser', () => {
  it('replaces the narrow no-break space everywhere, including in callbacks', () => {
    const image = Buffer.from([0x20, 0x2f]);
    const doc = sanitiseDocument({ content: ['1\u202f234', { text: ['a\u202fb'], image }], footer: (page: number) => `${page}\u202f€` });
    expect(doc.content[0]).toBe('1\u00a0234');
    expect((doc.content[1] as { text: string[] }).text[0]).toBe('a\u00a0b');
    expect((doc.content[1] as { image: Buffer }).image).toBe(image);
    expect(doc.footer(3)).toBe('3\u00a0€');
    expect(doc.footer.length).toBe(1);
    expect(sanitiseText(new Intl.NumberFormat('fr-FR').format(1234))).toBe('1\u00a0234');
  });
});

describe('renderPdf', () => {
  it('renders a PDF whose text can be read back', async () => {
    const pdf = await renderPdf({ compress: false, content: ['Procès-verbal', { text: 'Montant : 1\u202f234,56\u202f€', bold: true }] });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    expect(text).toContain('Procès-verbal');
    // Without the sanitiser Roboto has no glyph for U+202F and the reader would see a replacement box.
    expect(text).toContain('Montant : 1\u00a0234,56\u00a0€');
    expect(text).not.toContain('\u202f');
    expect(text).not.toContain('\uFFFD');
  });

  it('compresses by default, and the reader inflates what is stored', async () => {
    const pdf = await renderPdf({ content: ['Bonjour'] });
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    expect(pdf.toString('latin1')).not.toContain('Bonjour');
    expect(pdfText(pdf)).toBe('Bonjour');
  });
});

describe('rendering off the server thread', () => {
  it('renders in a worker: the event loop keeps turning during a long document', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`Ligne ${i + 1}`, { text: `${i},00\u00a0€`, alignment: 'right' as const }]);
    let turns = 0;
    let rendering = true;
    const spin = () => { turns++; if (rendering) setImmediate(spin); };
    setImmediate(spin);
    const pdf = await renderOfficialPdf({ title: 'Long', content: [dataTable([{ text: 'Libellé' }, { text: 'Montant' }], rows, ['*', 'auto'])], generatedAt });
    rendering = false;
    expect(pdfText(pdf)).toContain('Ligne 3000');
    expect(pdfPageCount(pdf)).toBeGreaterThan(20);
    expect(turns).toBeGreaterThan(0);
  });

  it('refuses a definition holding a callback, in French', async () => {
    await expect(renderPdf({ content: ['x'], footer: () => 'pied' })).rejects.toThrow('Le rendu du document PDF a échoué');
    expect(pdfText(await renderPdf({ content: ['ensuite'] }))).toBe('ensuite');
  });

  it('names its table layouts: rules under the header, above a total and at the end', () => {
    const table = dataTable([{ text: 'A' }], [['1'], ['2'], ['Total']], ['*'], true);
    expect(table.layout).toBe('parcoursTableWithTotal');
    const widths = (name: string) => [0, 1, 2, 3, 4].map((i) => TABLE_LAYOUTS[name]!.hLineWidth!(i, table));
    expect(widths('parcoursTableWithTotal')).toEqual([0.75, 0.75, 0.25, 0.75, 0.75]);
    expect(widths('parcoursTable')).toEqual([0.75, 0.75, 0.25, 0.25, 0.75]);
  });
});

describe('official layout', () => {
  it('moves a heading left alone at the bottom of a page to the next page', async () => {
    // 45 lines leave room for the heading but not for the paragraph after it.
    const filler = Array.from({ length: 45 }, (_, i) => `Ligne ${i + 1}`);
    const pdf = await renderOfficialPdf(
      {
        title: 'Titre',
        content: [...filler, { text: 'Section suivante', style: 'heading', headlineLevel: 1 }, 'Texte de la section'],
        generatedAt,
        compress: false,
      },
    );
    const pages = pdfText(pdf).split('Page 1 / 2');
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('Section suivante Texte de la section');
  });

  it('moves a heading with the unbreakable block it introduces, even when the block does not fit', async () => {
    for (let lines = 30; lines <= 48; lines++) {
      const filler = Array.from({ length: lines }, (_, i) => `Ligne ${i + 1}`);
      const block = { stack: Array.from({ length: 8 }, (_, i) => `Bloc ${i + 1}`), unbreakable: true };
      const pdf = await renderOfficialPdf({ title: 'Titre', content: [...filler, ...keepWithNext('Décisions', block)], generatedAt, compress: false });
      // Whatever the filler, the heading is never the last thing on its page.
      expect(pdfText(pdf), `${lines} lignes`).toContain('Décisions Bloc 1');
    }
  });

  it('does not break before headings that have room', async () => {
    const pdf = await renderOfficialPdf(
      {
        title: 'Titre',
        content: [{ text: 'A', style: 'heading', headlineLevel: 1 }, 'a', { text: 'B', style: 'heading', headlineLevel: 1 }, 'b'],
        generatedAt,
        compress: false,
      },
    );
    expect(pdfPageCount(pdf)).toBe(1);
  });

  it('puts the brand, the title, page numbers and the generation date on every page', async () => {
    const pdf = await renderOfficialPdf(
      {
        title: 'Titre du document',
        subtitle: 'Sous-titre',
        content: ['Première page', { text: 'Seconde page', pageBreak: 'before' }],
        generatedAt,
        compress: false,
      },
    );
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfText(pdf);
    expect(text.match(/République française — Parcours/g)).toHaveLength(2);
    expect(text).toContain('Titre du document Sous-titre');
    expect(text).toContain('Page 1 / 2');
    expect(text).toContain('Page 2 / 2');
    // 13:05 UTC is 14:05 in Paris in November.
    expect(text.match(/Document généré le 26\/11\/2026 à 14:05/g)).toHaveLength(2);
  });
});
