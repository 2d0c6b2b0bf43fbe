import { describe, expect, it } from 'vitest';
import { deadlineParametersOn, instructionDays, isOverdue, opinionDueOn, reminderOccasion, replyDueOn } from './deadlines.js';
import { NoParameterInForce } from '../shared/validity.js';

describe('deadline rules', () => {
  it('puts the opinion deadline on the day before the next planned session', () => {
    expect(opinionDueOn('2010-06-01', ['2010-06-10', '2010-06-03'])).toBe('2010-06-02');
    // A session tomorrow leaves no day: the one after counts.
    expect(opinionDueOn('2010-06-02', ['2010-06-03', '2010-06-10'])).toBe('2010-06-09');
    // No session planned: a week after routing.
    expect(opinionDueOn('2010-06-01', [])).toBe('2010-06-08');
    expect(opinionDueOn('2010-06-01', ['2010-05-20'])).toBe('2010-06-08');
  });

  it('gives the company ten days to answer, under the parameters of the day asked', () => {
    expect(replyDueOn('2010-06-25')).toBe('2010-07-05');
    const versions = [
      { validFrom: '2008-01-01', validTo: '2011-12-31', value: { informationReplyDays: 10, opinionDaysWithoutSession: 7 } },
      { validFrom: '2012-01-01', validTo: null, value: { informationReplyDays: 15, opinionDaysWithoutSession: 5 } },
    ];
    expect(replyDueOn('2012-03-01', deadlineParametersOn('2012-03-01', versions))).toBe('2012-03-16');
    expect(opinionDueOn('2011-12-31', [], deadlineParametersOn('2011-12-31', versions))).toBe('2012-01-07');
    expect(() => deadlineParametersOn('2007-06-01')).toThrow(NoParameterInForce);
  });

  it('reminds the day before and on the deadline only', () => {
    expect(reminderOccasion('2010-06-10', '2010-06-08')).toBeNull();
    expect(reminderOccasion('2010-06-10', '2010-06-09')).toBe('before');
    expect(reminderOccasion('2010-06-10', '2010-06-10')).toBe('due');
    expect(reminderOccasion('2010-06-10', '2010-06-11')).toBeNull();
    expect(reminderOccasion('2010-03-01', '2010-02-28')).toBe('before');
  });

  it('flags an item overdue the day after its deadline, unless done', () => {
    expect(isOverdue('2010-06-10', '2010-06-10')).toBe(false);
    expect(isOverdue('2010-06-10', '2010-06-11')).toBe(true);
    expect(isOverdue('2010-06-10', '2010-06-11', true)).toBe(false);
    expect(isOverdue(null, '2010-06-11')).toBe(false);
  });

  it('counts instruction days net of the waits for the company', () => {
    expect(instructionDays('2010-06-01', '2010-06-21', [])).toEqual({ gross: 20, waiting: 0, net: 20 });
    expect(instructionDays('2010-06-01', '2010-06-21', [{ from: '2010-06-05', to: '2010-06-12' }])).toEqual({ gross: 20, waiting: 7, net: 13 });
    // Still waiting: the clock is paused up to today.
    expect(instructionDays('2010-06-01', '2010-06-21', [{ from: '2010-06-15', to: null }])).toEqual({ gross: 20, waiting: 6, net: 14 });
    // Two questions at once count once.
    expect(instructionDays('2010-06-01', '2010-06-21', [{ from: '2010-06-05', to: '2010-06-12' }, { from: '2010-06-08', to: '2010-06-14' }])).toEqual({ gross: 20, waiting: 9, net: 11 });
  });
});
