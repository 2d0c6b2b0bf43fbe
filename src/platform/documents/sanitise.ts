/**
 * Intl's fr-FR formats use U+202F (narrow no-break space) as thousands separator
 * and before "€"/":"; Roboto has no glyph for it and would print a blank box.
 * Every string of a document, including those returned by header/footer
 * callbacks, goes through here.
 */
export function sanitiseText(text: string): string {
  return text.replace(/\u202f/g, '\u00a0');
}

export function sanitiseDocument<T>(node: T): T {
  if (typeof node === 'string') return sanitiseText(node) as T;
  if (typeof node === 'function') {
    const original = node as (...args: unknown[]) => unknown;
    const wrapper = (...args: unknown[]) => sanitiseDocument(original(...args));
    // pdfmake reads a callback's arity to decide which arguments to compute (pageBreakBefore).
    Object.defineProperty(wrapper, 'length', { value: original.length });
    return wrapper as T;
  }
  if (Array.isArray(node)) return node.map((item) => sanitiseDocument(item)) as T;
  if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) copy[key] = sanitiseDocument(value);
    return copy as T;
  }
  // Buffers (images, fonts), dates and numbers are left as they are.
  return node;
}
