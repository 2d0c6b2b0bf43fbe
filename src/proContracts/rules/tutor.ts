import { addDays, formatDateFr, type IsoDate } from '../../shared/dates.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import type { DateRange, ProContractInput } from './types.js';

export interface TutorLoad {
  /** The tutor's other trainees whose dates cross the new contract. */
  overlapping: DateRange[];
  /** Largest number of other trainees followed on one same day of the new contract. */
  maxSimultaneous: number;
  /** First day on which that peak is reached (null when no overlap). */
  peakDay: IsoDate | null;
}

/**
 * Counts how many other trainees the tutor follows at the same time as the new one.
 * What the law caps is trainees "at once", so two trainees one after the other during a long
 * contract count as one at a time, not two. Ranges are inclusive of both ends.
 */
export function tutorLoad(contract: DateRange, otherTrainees: readonly DateRange[]): TutorLoad {
  const overlapping = otherTrainees.filter((o) => o.start <= contract.end && o.end >= contract.start && o.start <= o.end);
  const events: { day: IsoDate; delta: number }[] = [];
  for (const o of overlapping) {
    events.push({ day: o.start > contract.start ? o.start : contract.start, delta: 1 });
    events.push({ day: addDays(o.end < contract.end ? o.end : contract.end, 1), delta: -1 });
  }
  // A trainee leaving on a day frees the place before one arriving that day is counted.
  events.sort((a, b) => a.day.localeCompare(b.day) || a.delta - b.delta);
  let current = 0;
  let maxSimultaneous = 0;
  let peakDay: IsoDate | null = null;
  for (const e of events) {
    current += e.delta;
    if (current > maxSimultaneous) {
      maxSimultaneous = current;
      peakDay = e.day;
    }
  }
  return { overlapping, maxSimultaneous, peakDay };
}

/**
 * Tutor: mandatory for contracts starting on or after the date in force (5 March 2014);
 * at least 2 years of experience related to the qualification; at most 3 trainees at once,
 * 2 when the employer tutors personally.
 */
export function checkTutor(
  input: Pick<ProContractInput, 'tutor' | 'startDate' | 'endDate'>,
  params: Pick<ActeIIParameters, 'proContract'>,
): RuleIssue[] {
  const rules = params.proContract;
  const tutor = input.tutor ?? null;
  if (tutor === null) {
    return rules.tutorMandatory
      ? [
          issue(
            'PRO_TUTOR_MISSING',
            'tutor',
            `Le contrat commence le ${formatDateFr(input.startDate)} : depuis la loi du 5 mars 2014, l’employeur doit désigner un tuteur pour tout contrat de professionnalisation commençant à partir du 05/03/2014.`,
          ),
        ]
      : [];
  }
  const issues: RuleIssue[] = [];
  if (tutor.relatedExperienceMonths < rules.tutorMinExperienceMonths) {
    issues.push(
      issue(
        'PRO_TUTOR_EXPERIENCE_TOO_SHORT',
        'tutor.relatedExperienceMonths',
        `Le tuteur a ${tutor.relatedExperienceMonths} mois d’expérience en rapport avec la qualification visée ; il en faut au moins ${rules.tutorMinExperienceMonths} (${rules.tutorMinExperienceMonths / 12} ans).`,
      ),
    );
  }
  const load = tutorLoad({ start: input.startDate, end: input.endDate }, tutor.otherTrainees);
  const capacity = tutor.isEmployer ? rules.employerTutorMaxTrainees : rules.tutorMaxTrainees;
  const atOnce = load.maxSimultaneous + 1;
  if (atOnce > capacity) {
    const who = tutor.isEmployer ? 'Lorsque l’employeur est lui-même tuteur, il' : 'Un tuteur';
    issues.push(
      issue(
        'PRO_TUTOR_CAPACITY_EXCEEDED',
        'tutor.otherTrainees',
        `Avec ce contrat, le tuteur suivrait ${atOnce} alternants en même temps (à partir du ${formatDateFr(load.peakDay!)}) : ${who} ne peut en suivre plus de ${capacity} simultanément.`,
      ),
    );
  }
  return issues;
}
