import { describe, expect, it } from 'vitest';
import { contentDisposition, documentTypeOf, MAX_FILENAME_LENGTH, sanitiseFilename } from './fileChecks.js';

describe('uploaded file checks', () => {
  it('keeps the last path segment, drops control and direction characters, and ends with the real extension', () => {
    expect(sanitiseFilename('C:\\Users\\moi\\Devis AFPA.pdf', 'pdf')).toBe('Devis AFPA.pdf');
    expect(sanitiseFilename('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(sanitiseFilename('fac\u0000ture\u202e.exe', 'pdf')).toBe('facture.pdf');
    expect(sanitiseFilename('', 'png')).toBe('document.png');
    expect(sanitiseFilename('photo.JPEG', 'jpg')).toBe('photo.JPEG');
    const long = sanitiseFilename(`${'a'.repeat(300)}.docx`, 'docx');
    expect(long.length).toBe(MAX_FILENAME_LENGTH);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('tells the type from the bytes', async () => {
    await expect(documentTypeOf(Buffer.from('%PDF-1.4\n%%EOF\n'), 'file')).resolves.toEqual({ ext: 'pdf', mime: 'application/pdf' });
    await expect(documentTypeOf(Buffer.from('<html><script>'), 'file')).rejects.toMatchObject({ statusCode: 400, field: 'file' });
  });

  it('writes a content-disposition no name can break', () => {
    expect(contentDisposition('Pièce "1".pdf')).toBe(`attachment; filename="Piece _1_.pdf"; filename*=UTF-8''Pi%C3%A8ce%20%221%22.pdf`);
  });
});
