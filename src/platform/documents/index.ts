export { renderOfficialPdf, renderPdf, closePdfRenderer } from './render.js';
export { officialDocument, BRAND, COLORS, amountCell, dataTable, heading, keepWithNext, type OfficialDocumentInput, type RenderOptions } from './layout.js';
export { sanitiseText, sanitiseDocument } from './sanitise.js';
export { formatSiret, formatLongDateFr, formatDateFr, formatDateTimeParis, parisDay } from './format.js';
