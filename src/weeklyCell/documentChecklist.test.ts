import { describe, expect, it } from 'vitest';
import { checklist, expectedAt, isStageOpen, missingDocuments, missingRequested, openStages } from './documentChecklist.js';

const expected = [
  { id: 1, stage: 'filing', label: 'Autorisation', isRequired: true, position: 1, validFrom: '2010-01-01', validTo: null },
  { id: 2, stage: 'filing', label: 'Devis', isRequired: false, position: 2, validFrom: '2010-01-01', validTo: null },
  { id: 3, stage: 'payment', label: 'Factures', isRequired: true, position: 3, validFrom: '2010-01-01', validTo: '2010-12-31' },
  { id: 4, stage: 'payment', label: 'Factures acquittées', isRequired: true, position: 4, validFrom: '2011-01-01', validTo: null },
];

describe('supporting documents checklist', () => {
  it('reads the list in force at the request’s date', () => {
    expect(expectedAt(expected, '2010-06-01').map((e) => e.id)).toEqual([1, 2, 3]);
    expect(expectedAt(expected, '2011-06-01').map((e) => e.id)).toEqual([1, 2, 4]);
    expect(expectedAt(expected, '2009-06-01')).toEqual([]);
  });

  it('places each provided document under its expected one, the rest apart, per stage', () => {
    const list = checklist(expectedAt(expected, '2010-06-01'), [{ id: 10, stage: 'filing', expectedDocumentId: 1 }, { id: 11, stage: 'filing', expectedDocumentId: null }]);
    expect(list.map((s) => s.stage)).toEqual(['filing', 'information', 'realisation', 'payment']);
    expect(list[0].lines.map((l) => [l.expected.id, l.provided.map((p) => p.id)])).toEqual([[1, [10]], [2, []]]);
    expect(list[0].others.map((p) => p.id)).toEqual([11]);
  });

  it('names the required documents missing at the stages a gate looks at', () => {
    const inForce = expectedAt(expected, '2010-06-01');
    expect(missingDocuments(inForce, [], ['filing'])).toEqual([{ path: 'documents.filing.1', message: 'Pièce manquante (dépôt) : « Autorisation ».' }]);
    expect(missingDocuments(inForce, [{ id: 1, stage: 'filing', expectedDocumentId: 1 }], ['filing'])).toEqual([]);
    expect(missingDocuments(inForce, [], ['payment']).map((m) => m.message)).toEqual(['Pièce manquante (versement) : « Factures ».']);
    expect(missingRequested([{ id: 5, label: 'Plan signé', documentId: null }, { id: 6, label: 'Calendrier', documentId: 9 }]))
      .toEqual([{ path: 'documents.requested.5', message: 'Pièce demandée non fournie : « Plan signé ».' }]);
  });

  it('opens each stage in the statuses where its documents are still expected', () => {
    expect(openStages('draft')).toEqual(['filing']);
    expect(openStages('awaiting_information')).toEqual(['filing', 'information']);
    expect(openStages('approved')).toEqual(['realisation', 'payment']);
    expect(openStages('closed')).toEqual([]);
    expect(isStageOpen('filing', 'in_instruction')).toBe(false);
  });
});
