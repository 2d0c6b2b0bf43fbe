import { describe, expect, it } from 'vitest';
import { IMPORT_HEADERS, importLayout } from '../src/weeklyCell/import/layout.js';
import { IMPORT_COLUMNS, IMPORT_TEMPLATE_HEADERS } from '../web/src/import/layout.js';

describe('the history import page', () => {
  it('documents exactly the columns the server reads, in their order, with the same required ones', () => {
    expect(IMPORT_TEMPLATE_HEADERS).toEqual(IMPORT_HEADERS);
    expect(IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual(importLayout.columns.filter((c) => c.required).map((c) => c.header));
  });
});
