import { difficultShareBp } from './paradox.js';

/**
 * Alert rules are data (table observatory_alert_rules): a kind and its thresholds. Evaluating a
 * rule on the cells of a year is pure; storing, throttling and the digest are in alerts.ts.
 */
export type AlertKind = 'tensionRise' | 'difficultWithSeekers';

export interface AlertRule {
  id: number; kind: AlertKind; label: string;
  /** tensionRise: rise of the composite in hundredths of a point over one year. */
  minRiseHundredths: number | null;
  /** difficultWithSeekers: share of difficult projects (basis points) and job seekers. */
  minDifficultBp: number | null; minSeekers: number | null;
}

export interface AlertCell {
  area: string; job: string; year: number;
  tension: number | null; previousTension: number | null;
  projects: number | null; difficult: number | null; seekers: number | null;
}

export interface Finding { ruleId: number; area: string; job: string; year: number; value: string }

const fr1 = (n: number) => n.toFixed(2).replace('.', ',');

export function evaluateRule(rule: AlertRule, cells: readonly AlertCell[]): Finding[] {
  const found: Finding[] = [];
  for (const c of cells) {
    if (rule.kind === 'tensionRise') {
      if (c.tension === null || c.previousTension === null || rule.minRiseHundredths === null) continue;
      const rise = Math.round((c.tension - c.previousTension) * 100);
      if (rise >= rule.minRiseHundredths) found.push({ ruleId: rule.id, area: c.area, job: c.job, year: c.year, value: `tension ${fr1(c.previousTension)} → ${fr1(c.tension)} (+${fr1(rise / 100)})` });
    } else {
      const share = difficultShareBp(c.projects, c.difficult);
      if (share === null || c.seekers === null || rule.minDifficultBp === null || rule.minSeekers === null) continue;
      if (share >= rule.minDifficultBp && c.seekers >= rule.minSeekers)
        found.push({ ruleId: rule.id, area: c.area, job: c.job, year: c.year, value: `${Math.round(share / 100)} % de projets difficiles, ${c.seekers} demandeurs d’emploi` });
    }
  }
  return found;
}

/** A finding already raised less than `throttleDays` ago for the same rule, area and job is not raised again. */
export function throttled(lastOpenedOn: string | undefined, today: string, throttleDays: number): boolean {
  if (!lastOpenedOn) return false;
  const days = (Date.parse(today) - Date.parse(lastOpenedOn.slice(0, 10))) / 86_400_000;
  return days < throttleDays;
}
