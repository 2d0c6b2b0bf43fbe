import type { Kysely } from 'kysely';

/**
 * `steering_state.people_version`: raised only when figures of people move (people reached,
 * trainees of helped requests, outcomes, contracts). The secrecy cubes are protected once per
 * value of it, so a payment or a commitment, which move money only, keep them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('steering_state').addColumn('people_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
