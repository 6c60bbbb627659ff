import { randomUUID } from 'node:crypto';
import { type CommandMetadata, type CommandResult, commandMetadata, type DomainDeps } from '@tandem/domain';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { Role } from '../auth/account-store';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';

/** Who may do what in a round table. Platform admins may do everything everywhere. */
export const ADMIN: readonly Role[] = ['admin'];
export const COORDINATION: readonly Role[] = ['admin', 'coordinator'];
export const COMMITTEE_WORK: readonly Role[] = ['admin', 'coordinator', 'committee'];
export const READERS: readonly Role[] = ['admin', 'coordinator', 'committee', 'auditor'];

@InputType({ description: 'What every command carries besides its own fields.' })
export class CommandOptions {
  @Field(() => String, {
    nullable: true,
    description: 'Send the same key when retrying a request: the command is carried out once (any string up to 200 characters).',
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'An event a command appended.' })
export class AppendedEventRef {
  @Field(() => String, { description: 'The event type, e.g. PairConfirmed.' })
  type!: string;

  @Field(() => String, { description: 'The stream it was appended to.' })
  streamId!: string;

  @Field(() => Int, { description: 'Its revision in that stream.' })
  streamRevision!: number;
}

@ObjectType({ description: 'The outcome of a command; the read models already show it when this returns.' })
export class CommandPayload {
  @Field(() => String, { nullable: true, description: 'The id of the record the command created or changed (program, application, pair, run…).' })
  id!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the change sits in the event log; null when nothing was appended.' })
  checkpoint!: string | null;

  @Field(() => Boolean, { description: 'True when the idempotency key had been used before and nothing new was written.' })
  duplicate!: boolean;

  @Field(() => Boolean, { description: 'False when the read models had not caught up within the wait; refetch shortly.' })
  projected!: boolean;

  @Field(() => [AppendedEventRef], { description: 'The events appended (or found, for a duplicate).' })
  events!: AppendedEventRef[];
}

export const requireDomain = (context: Context): DomainDeps => {
  if (!context.services.domain) throw apiError('INTERNAL_SERVER_ERROR', 'this server runs without an event store');
  return context.services.domain;
};

const keyOf = (options: CommandOptions | null | undefined): string => {
  const key = options?.idempotencyKey?.trim();
  if (key && key.length > 200) throw apiError('VALIDATION', 'idempotencyKey is over 200 characters; send a shorter key (a UUID is fine)');
  return key || randomUUID();
};

/**
 * Runs a domain command for a signed-in committee member with one of `roles` in `tenant`, then
 * waits until the read models show it (read-your-writes) before answering.
 */
export const execute = async <S>(
  context: Context,
  tenant: string,
  roles: readonly Role[],
  options: CommandOptions | null | undefined,
  run: (deps: DomainDeps, metadata: CommandMetadata) => Promise<CommandResult<S>>,
  id: string | null = null,
): Promise<CommandPayload> => {
  const viewer = requireRole(context, tenant, roles);
  return executeAs(context, tenant, viewer.accountId, keyOf(options), run, id);
};

/** The same for a given actor (the public application form acts as `public`). */
export const executeAs = async <S>(
  context: Context,
  tenant: string,
  actor: string,
  key: string,
  run: (deps: DomainDeps, metadata: CommandMetadata) => Promise<CommandResult<S>>,
  id: string | null = null,
): Promise<CommandPayload> => {
  const deps = requireDomain(context);
  const metadata = commandMetadata({ tenant, actor, at: context.services.now(), key: `${actor}:${key}` });
  const result = await run(deps, metadata);
  const projected = await context.services.waitForReadModels(result.checkpoint);
  return {
    id,
    checkpoint: result.checkpoint,
    duplicate: result.duplicate,
    projected,
    events: result.events.map((e) => ({ type: e.type, streamId: e.streamId, streamRevision: e.streamRevision })),
  };
};

export const newId = () => randomUUID();
