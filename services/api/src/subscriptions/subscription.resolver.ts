import { Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { READERS } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';
import type { LiveKind, LivePayload, LivePublisher } from './live-publisher';
import { Revoked } from './live-publisher';
import { ApplicationsChange, DashboardChange, MatchBoardChange } from './subscription.types';

const publisherOf = (context: Context): LivePublisher => {
  const live = context.services.live;
  if (!live) throw apiError('INTERNAL_SERVER_ERROR', 'this server runs without live updates');
  return live;
};

/** Checks the role once at subscribe time; the publisher re-checks it before every delivery. */
const subscribe =
  (kind: LiveKind) =>
  ({ args, context }: { args: Record<string, unknown>; context: Context }): AsyncIterable<LivePayload> => {
    const tenant = args.tenant as string;
    const viewer = requireRole(context, tenant, READERS);
    return publisherOf(context).subscribe(kind, tenant, args.programId as string, viewer.accountId);
  };

const unwrap = <T>(payload: LivePayload): T => {
  if (payload instanceof Revoked) throw payload.error;
  return payload as T;
};

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => MatchBoardChange, {
    subscribe: subscribe('board'),
    description:
      'The match board of a program whenever it changes (proposals, confirmations, declines, ends, forbidden and fixed pairs, runs); sent after the read models committed the change.',
  })
  matchBoardChanged(
    @Root() payload: LivePayload,
    @Arg('tenant', () => String, { description: 'The round table.' }) _tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) _programId: string,
    @Ctx() _context: Context,
  ): MatchBoardChange {
    return unwrap<MatchBoardChange>(payload);
  }

  @Subscription(() => ApplicationsChange, {
    subscribe: subscribe('applications'),
    description:
      'New and changed applications of a program (submitted, screened, waitlisted, promoted, withdrawn, matched), after the read models committed them.',
  })
  applicationsChanged(
    @Root() payload: LivePayload,
    @Arg('tenant', () => String, { description: 'The round table.' }) _tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) _programId: string,
    @Ctx() _context: Context,
  ): ApplicationsChange {
    return unwrap<ApplicationsChange>(payload);
  }

  @Subscription(() => DashboardChange, {
    subscribe: subscribe('dashboard'),
    description: 'A program’s dashboard figures whenever they change, after the read models committed the change.',
  })
  dashboardChanged(
    @Root() payload: LivePayload,
    @Arg('tenant', () => String, { description: 'The round table.' }) _tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) _programId: string,
    @Ctx() _context: Context,
  ): DashboardChange {
    return unwrap<DashboardChange>(payload);
  }
}
