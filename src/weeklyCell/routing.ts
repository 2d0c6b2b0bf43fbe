/**
 * Which partners instruct a request is data (routing rules per measure): by funder in
 * the plan, département, NAF section, and whether job seekers are trained. A rule
 * without an organisation designates the request's own training fund.
 */
export interface RoutingRule {
  organisationId: number | null;
  funder: string | null;
  departement: string | null;
  nafSection: string | null;
  isJobSeekersOnly: boolean;
  isRequired: boolean;
  label: string;
}

export interface RoutedRequest {
  trainingFundId: number | null;
  departement: string | null;
  nafSection: string | null;
  funders: readonly string[];
  hasJobSeekers: boolean;
}

export interface RoutedPartner { organisationId: number; reason: string; isRequired: boolean }

export function routePartners(rules: readonly RoutingRule[], request: RoutedRequest): RoutedPartner[] {
  const partners = new Map<number, RoutedPartner>();
  for (const rule of rules) {
    if (rule.funder && !request.funders.includes(rule.funder)) continue;
    if (rule.departement && rule.departement !== request.departement) continue;
    if (rule.nafSection && rule.nafSection !== request.nafSection) continue;
    if (rule.isJobSeekersOnly && !request.hasJobSeekers) continue;
    const organisationId = rule.organisationId ?? request.trainingFundId;
    if (organisationId === null) continue;
    const known = partners.get(organisationId);
    // The same partner named by two rules is required if either rule requires it.
    partners.set(organisationId, {
      organisationId,
      reason: known ? `${known.reason} ; ${rule.label}` : rule.label,
      isRequired: (known?.isRequired ?? false) || rule.isRequired,
    });
  }
  return [...partners.values()];
}

export interface Readiness { ready: boolean; missing: { path: string; message: string }[] }

/** Ready for the cell: every required partner has given its opinion and the plan balances. */
export function readiness(
  partners: readonly { organisationId: number; name: string; isRequired: boolean }[],
  opinionsFrom: ReadonlySet<number>,
  planIssues: readonly { path: string; message: string }[],
  openInformationRequests: number,
): Readiness {
  const missing = [
    ...partners.filter((p) => p.isRequired && !opinionsFrom.has(p.organisationId))
      .map((p) => ({ path: 'opinions', message: `Avis attendu : ${p.name}.` })),
    ...planIssues,
    ...(openInformationRequests > 0 ? [{ path: 'informationRequests', message: 'Une demande de compléments attend la réponse de l’entreprise.' }] : []),
  ];
  return { ready: missing.length === 0, missing };
}
