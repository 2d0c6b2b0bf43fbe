/** What one outbox row becomes on the wire: French text, the item's link made absolute. */
export interface OutgoingEmail { to: string; subject: string; text: string }

const SIGNATURE = '— Parcours, plateforme de la cellule opérationnelle';

export function composeEmail(row: { toAddress: string; subject: string; body: string; link: string | null }, publicUrl: string): OutgoingEmail {
  const link = row.link ? new URL(row.link, publicUrl).toString() : null;
  const text = [row.body, link ? `Pour consulter le dossier : ${link}` : null, SIGNATURE].filter(Boolean).join('\n\n');
  return { to: row.toAddress, subject: row.subject, text };
}
