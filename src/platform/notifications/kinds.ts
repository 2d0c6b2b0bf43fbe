/**
 * The kinds of notification a member sets a preference for. A kind names what happened, not
 * who sends it, so the platform keeps the catalogue while the business modules pick the kind
 * of each message they send.
 */
export const NOTIFICATION_KINDS = [
  'request_routed', 'request_ready', 'request_withdrawn', 'information_asked', 'information_answered',
  'session_decided', 'payment', 'reminder', 'observatory_digest', 'general',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  request_routed: 'Nouvelle demande à instruire',
  request_ready: 'Demande prête pour la cellule',
  request_withdrawn: 'Demande retirée',
  information_asked: 'Compléments demandés',
  information_answered: 'Réponse à une demande de compléments',
  session_decided: 'Décisions et documents de séance',
  payment: 'Versements et solde',
  reminder: 'Rappels d’échéance (avis, compléments)',
  observatory_digest: 'Récapitulatif de l’observatoire',
  general: 'Autres avis',
};

/** At once (an e-mail per notification), gathered in one daily e-mail, or in the application only. */
export const DELIVERY_MODES = ['immediate', 'digest', 'never'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  immediate: 'Courriel immédiat',
  digest: 'Récapitulatif quotidien',
  never: 'Pas de courriel',
};

export const DEFAULT_DELIVERY_MODE: DeliveryMode = 'immediate';

/** The digest of a day leaves the next morning at 06:00 UTC, before the working day. */
export function digestSendsAt(day: string): string {
  const next = new Date(`${day}T06:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
