import ExcelJS from 'exceljs';

/** A minimal PDF: what the content check recognises, whatever the name says. */
export const pdfBytes = (text = 'Pièce') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n`);

export async function xlsxBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Émargement').addRow(['Stagiaire', 'Heures']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A multipart form as a browser sends it: text fields, then files in « file ». */
export function multipartForm(fields: Record<string, string | number | undefined>, files: { filename: string; content: Buffer; contentType?: string }[] = []) {
  const boundary = `----parcours${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
