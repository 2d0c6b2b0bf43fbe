import type { TFontDictionary } from 'pdfmake/interfaces.js';
import vfs from 'pdfmake/build/vfs_fonts.js';

let fonts: TFontDictionary | undefined;

/**
 * Roboto as shipped inside pdfmake (base64 in its virtual file system), decoded
 * once per process: no font files to deploy and no network access.
 */
export function robotoFonts(): TFontDictionary {
  fonts ??= {
    Roboto: {
      normal: Buffer.from(vfs['Roboto-Regular.ttf'], 'base64'),
      bold: Buffer.from(vfs['Roboto-Medium.ttf'], 'base64'),
      italics: Buffer.from(vfs['Roboto-Italic.ttf'], 'base64'),
      bolditalics: Buffer.from(vfs['Roboto-MediumItalic.ttf'], 'base64'),
    },
  };
  return fonts;
}
