import { issue, type RuleIssue } from '../../measures/ruleIssue.js';

export interface QuotaInput {
  /** Contracts already counted in the Acte II target (reserved ones included). */
  total: number;
  /** Of which reserved for intergenerational pairs. */
  reserved: number;
  target?: number;
  reservedTarget?: number;
  /** The new contract is a pair's junior, counted in the reserved part. */
  isPairReserved: boolean;
  override?: { motivation: string } | null;
}

export interface QuotaCheck {
  allowed: boolean;
  /** True when the contract passes only thanks to a motivated override. */
  overridden: boolean;
  /** Places left for ordinary contracts and for pair contracts before this one. */
  ordinaryPlacesLeft: number;
  reservedPlacesLeft: number;
  issues: RuleIssue[];
}

/**
 * Acte II quota: 6,000 C.Pro of which 1,000 reserved for intergenerational pairs. An ordinary
 * contract may not eat into the reserved part (ordinary contracts ≤ target − reservedTarget),
 * and no contract may exceed the overall target, unless a steering decision overrides it with
 * a written motivation. A pair contract beyond its 1,000 is allowed within the overall target:
 * the reservation protects pairs, it does not cap them.
 */
export function quotaCheck({
  total,
  reserved,
  target = 6000,
  reservedTarget = 1000,
  isPairReserved,
  override = null,
}: QuotaInput): QuotaCheck {
  const ordinary = total - reserved;
  const ordinaryCap = target - reservedTarget;
  const ordinaryPlacesLeft = Math.max(0, ordinaryCap - ordinary);
  const reservedPlacesLeft = Math.max(0, reservedTarget - reserved);
  const breaches: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];

  if (total + 1 > target) {
    breaches.push(
      issue(
        'QUOTA_TARGET_REACHED',
        'quota',
        `L’objectif de ${target} contrats de professionnalisation est atteint (${total} déjà comptés) : ce contrat le dépasserait.`,
      ),
    );
  } else if (!isPairReserved && ordinary + 1 > ordinaryCap) {
    breaches.push(
      issue(
        'QUOTA_RESERVED_PART_PROTECTED',
        'quota',
        `${ordinary} contrats hors binômes sont déjà comptés sur ${ordinaryCap} possibles (${target} − ${reservedTarget} réservés aux binômes intergénérationnels, dont ${reserved} utilisés) : ce contrat empiéterait sur la réserve.`,
      ),
    );
  } else if (isPairReserved && reserved + 1 > reservedTarget) {
    warnings.push(
      issue(
        'QUOTA_RESERVED_TARGET_REACHED',
        'quota',
        `Les ${reservedTarget} contrats réservés aux binômes sont déjà utilisés (${reserved}) : ce contrat de binôme est compté sur la part générale.`,
        'warning',
      ),
    );
  }

  if (breaches.length === 0) {
    return { allowed: true, overridden: false, ordinaryPlacesLeft, reservedPlacesLeft, issues: warnings };
  }
  const motivation = override?.motivation.trim() ?? '';
  if (override && motivation === '') {
    return {
      allowed: false,
      overridden: false,
      ordinaryPlacesLeft,
      reservedPlacesLeft,
      issues: [
        ...breaches,
        issue('QUOTA_OVERRIDE_MOTIVATION_MISSING', 'override.motivation', 'Une dérogation au quota doit être motivée par écrit.'),
      ],
    };
  }
  if (override) {
    return {
      allowed: true,
      overridden: true,
      ordinaryPlacesLeft,
      reservedPlacesLeft,
      issues: breaches.map((b) => ({ ...b, severity: 'warning' as const, message: `${b.message} Dérogation accordée : ${motivation}` })),
    };
  }
  return { allowed: false, overridden: false, ordinaryPlacesLeft, reservedPlacesLeft, issues: breaches };
}
