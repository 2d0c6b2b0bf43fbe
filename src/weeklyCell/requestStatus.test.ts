import { describe, expect, it } from 'vitest';
import { eventsAllowed, nextStatus, REQUEST_STATUSES, REQUEST_TRANSITIONS } from './requestStatus.js';

describe('funding request transitions', () => {
  it('follows the cycle draft → instruction → information → ready → agenda → approved → closed', () => {
    expect(nextStatus('draft', 'submit', 'company')).toBe('in_instruction');
    expect(nextStatus('in_instruction', 'askInformation', 'partner')).toBe('awaiting_information');
    expect(nextStatus('awaiting_information', 'answerInformation', 'company')).toBe('in_instruction');
    expect(nextStatus('in_instruction', 'becomeReady', 'system')).toBe('ready_for_cell');
    expect(nextStatus('ready_for_cell', 'schedule', 'secretariat')).toBe('on_agenda');
    expect(nextStatus('on_agenda', 'approve', 'secretariat')).toBe('approved');
    expect(nextStatus('approved', 'close', 'system')).toBe('closed');
  });
  it('refuses events from the wrong party or the wrong status', () => {
    expect(nextStatus('draft', 'submit', 'partner')).toBeNull();
    expect(nextStatus('on_agenda', 'withdraw', 'company')).toBeNull();
    expect(nextStatus('approved', 'approve', 'secretariat')).toBeNull();
    expect(nextStatus('in_instruction', 'becomeReady', 'secretariat')).toBeNull();
  });
  it('lets a postponed request return to the ready list and leaves final states final', () => {
    expect(nextStatus('on_agenda', 'postpone', 'secretariat')).toBe('ready_for_cell');
    for (const status of ['refused', 'closed', 'withdrawn'] as const) {
      for (const party of ['company', 'partner', 'secretariat', 'system'] as const) expect(eventsAllowed(status, party)).toEqual([]);
    }
  });
  it('only names known statuses', () => {
    for (const t of Object.values(REQUEST_TRANSITIONS)) {
      for (const s of [...t.from, t.to]) expect(REQUEST_STATUSES).toContain(s);
    }
  });
});
