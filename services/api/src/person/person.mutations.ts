import { erasePerson } from '@tandem/domain';
import { deleteReplayStates, readModelTables, supportTables } from '@tandem/projections';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ADMIN, CommandOptions, CommandPayload, execute } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';

@Resolver()
export class PersonMutations {
  @Mutation(() => CommandPayload, {
    description:
      'Erases a person’s personal data (round-table admins): records PersonalDataErased with who asked and why, then deletes the person’s key, so every name, email, answer and note of theirs reads as erased — in read models, as-of views, exports and documents — while counts and the hash chain stay as they were. The key and the blanked read-model rows are also overwritten on disk. Cannot be undone.',
  })
  async erasePerson(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('personId', () => String, { description: 'The person (an applicant, mentor, mentee, committee member or contact).' }) personId: string,
    @Arg('reason', () => String, { description: 'Why, e.g. "asked to be forgotten, ticket 1234". Kept in the log for good: do not name the person.' })
    reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, ADMIN);
    if (!personId.trim()) throw apiError('VALIDATION', 'give the id of the person to erase');
    // Applicants have no person stream: the read models know the names the reason must not contain.
    const [known] =
      (await context.services.readModels?.execute<{ name: string | null; email: string | null }>(
        'select name, email from person where tenant = ? and person_id = ?',
        [tenant, personId],
      )) ?? [];
    const payload = await execute(
      context,
      tenant,
      ADMIN,
      options,
      (deps, metadata) =>
        erasePerson(deps, { type: 'ErasePersonalData', data: { personId, reason, knownAs: [known?.name ?? null, known?.email ?? null] }, metadata }),
      personId,
    );
    // The read models now show the person as erased; overwrite what the old rows left on disk.
    const db = context.services.readModels;
    if (db && payload.projected) {
      // Stored as-of replay states hold decrypted data too: drop the round table's.
      await deleteReplayStates(db, tenant);
      await db.purgeFreedSpace([...readModelTables, ...supportTables]);
    }
    return payload;
  }
}
