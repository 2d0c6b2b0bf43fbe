/**
 * How a column of an import is documented to users (the web page, its CSV template,
 * docs/acte-ii.md). Pure data, imported by the browser too.
 */
export interface ImportColumnDoc {
  key: string;
  header: string;
  /** « oui », « non » or when it is required. */
  required: string;
  help: string;
  example: string;
}
