import { isInfraV, LEVEL_1969_LABELS } from '../../shared/qualification.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import type { TempWorkerProfile } from './types.js';

export type TempEligibilityGround = 'infraV' | 'levelVGeneral';

export interface TempEligibility {
  eligible: boolean;
  ground: TempEligibilityGround | null;
  issues: RuleIssue[];
}

/**
 * Axis 2 public: the least qualified. Below level V (VI, Vbis), or level V reached through
 * general schooling (left seconde/première générale) without a CAP, BEP or other vocational
 * diploma. A vocational level V and any level IV or above already give access to a job.
 */
export function tempPathwayEligibility(profile: TempWorkerProfile): TempEligibility {
  const { level, route, hasVocationalDiploma } = profile;
  if (isInfraV(level)) return { eligible: true, ground: 'infraV', issues: [] };
  const refuse = (code: string, field: string, message: string): TempEligibility => ({
    eligible: false,
    ground: null,
    issues: [issue(code, field, message)],
  });
  if (level === 'V') {
    if (route === 'vocational') {
      return refuse(
        'TEMP_LEVEL_V_VOCATIONAL',
        'participant.route',
        'Niveau V atteint par la voie professionnelle (CAP, BEP) : le parcours intérimaire est réservé aux personnes sous le niveau V ou de niveau V général sans diplôme professionnel.',
      );
    }
    if (hasVocationalDiploma) {
      return refuse(
        'TEMP_LEVEL_V_WITH_VOCATIONAL_DIPLOMA',
        'participant.hasVocationalDiploma',
        'Niveau V général, mais la personne a un diplôme professionnel (CAP, BEP ou autre) donnant accès à un emploi : elle ne relève pas du parcours intérimaire.',
      );
    }
    return { eligible: true, ground: 'levelVGeneral', issues: [] };
  }
  return refuse(
    'TEMP_LEVEL_TOO_HIGH',
    'participant.level',
    `Niveau ${LEVEL_1969_LABELS[level]} : le parcours intérimaire est réservé aux personnes sous le niveau IV (niveau VI, V bis, ou V général sans diplôme professionnel).`,
  );
}

export function checkTempEligibility(profile: TempWorkerProfile): RuleIssue[] {
  return tempPathwayEligibility(profile).issues;
}
