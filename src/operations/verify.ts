import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { verifyAllChains } from '../platform/history/history.js';
import { envelopeDrift } from '../programmes/envelopeBalance.js';
import { alteredBlobs } from '../platform/storage/storage.js';

export interface IntegrityReport {
  ok: boolean;
  chains: number;
  events: number;
  problems: string[];
  notes: string[];
}

/**
 * Integrity of a database: every history chain recomputed, every stored document's checksum, every envelope balance compared
 * with the sum of its commitments, and the jobs that stopped — failed for another reason
 * than a refused file, running for longer than `stuckMinutes`, or due for that long
 * without any server claiming them (no server running, or all of them stuck) unless the
 * caller knows the servers are stopped.
 */
export async function verifyIntegrity(db: Kysely<Schema>, now: Date, stuckMinutes = 30, options: { serversStopped?: boolean } = {}): Promise<IntegrityReport> {
  const problems: string[] = [];
  const notes: string[] = [];
  const { chains, events, broken } = await verifyAllChains(db);
  for (const b of broken) problems.push(`Historique altéré : ${b.entityType} n° ${b.entityId}, à partir de l’événement ${b.sequence}.`);

  for (const key of await alteredBlobs(db)) problems.push(`Pièce stockée altérée : ${key} ne correspond plus à son empreinte SHA-256.`);

  const drift = await envelopeDrift(db);
  if (drift.length) {
    const names = new Map((await db.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId')
      .select(['e.id', 'e.funder', 'm.code']).where('e.id', 'in', drift.map((d) => d.id)).execute()).map((e) => [e.id, `${e.code} / ${e.funder}`]));
    for (const d of drift) {
      problems.push(`Enveloppe ${names.get(d.id) ?? d.id} : engagé tenu ${d.keptCents} c, somme des engagements ${d.summedCents} c (écart ${d.keptCents - d.summedCents} c). Voir docs/operations.md, « Données chargées hors de l’application ».`);
    }
  }

  const limit = new Date(now.getTime() - stuckMinutes * 60_000).toISOString();
  const jobs = await db.selectFrom('jobs').select(['id', 'kind', 'status', 'attempts', 'lockedAt', 'lockedBy', 'runAfter', 'error', 'result'])
    .where((eb) => eb.or([
      eb('status', '=', 'failed'),
      eb.and([eb('status', '=', 'running'), eb('lockedAt', '<', limit)]),
      // Servers stopped (a restore): due jobs wait for them, which is no fault.
      ...(options.serversStopped ? [] : [eb.and([eb('status', '=', 'pending'), eb('runAfter', '<', limit)])]),
    ])).orderBy('id').execute();
  let refused = 0;
  for (const job of jobs) {
    if (job.status === 'failed') {
      // An import whose file was refused ends 'failed' with its list of errors: the user's to fix, not a fault.
      if (isRefusedInput(job.result)) { refused++; continue; }
      problems.push(`Tâche ${job.id} (${job.kind}) en échec après ${job.attempts} essai(s) : ${job.error ?? 'sans message'}.`);
    } else if (job.status === 'running') {
      problems.push(`Tâche ${job.id} (${job.kind}) en cours depuis ${job.lockedAt} chez ${job.lockedBy ?? '?'} : le processus s’est sans doute arrêté ; « parcours jobs requeue » la remet en file.`);
    } else {
      problems.push(`Tâche ${job.id} (${job.kind}) en attente depuis ${job.runAfter} : aucun serveur ne traite la file (serveurs arrêtés ?).`);
    }
  }
  if (refused) notes.push(`${refused} import(s) refusé(s) pour des erreurs de fichier (pas une anomalie).`);
  return { ok: problems.length === 0, chains, events, problems, notes };
}

function isRefusedInput(result: string | null): boolean {
  if (!result) return false;
  try {
    const parsed = JSON.parse(result) as { ok?: unknown; errors?: unknown };
    return parsed?.ok === false && Array.isArray(parsed.errors);
  } catch {
    return false;
  }
}

/**
 * Puts back in the queue the jobs marked running by processes that no longer exist (after a
 * restore, or a crash). A handler writes its work in one transaction, so an interrupted run
 * left nothing behind and running it again is safe. Returns their ids.
 */
export async function requeueInterruptedJobs(db: Kysely<Schema>, before: Date): Promise<number[]> {
  const rows = await db.updateTable('jobs').set({ status: 'pending', lockedAt: null, lockedBy: null })
    .where('status', '=', 'running').where('lockedAt', '<', before.toISOString()).returning('id').execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
