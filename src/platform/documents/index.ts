export { renderPdf } from './render.js';
export { officialDocument, BRAND, type OfficialDocumentInput } from './layout.js';
export { sanitiseText, sanitiseDocument } from './sanitise.js';
export { minutesPdf, minutesDocument, type MinutesInput, type RenderOptions } from './minutes.js';
export { decisionLetterPdf, decisionLetterDocument, type DecisionLetterInput } from './decisionLetter.js';
export { DECISION_LABELS, formatSiret, formatLongDateFr, formatDateTimeParis, type Decision } from './format.js';
