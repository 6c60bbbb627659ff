import { type ChainProblem as StoreChainProblem, verifyTenantChain } from '@tandem/eventstore';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { requireDomain } from '../commands/command';
import { type Context, requireRole } from '../core/context';

export enum ChainStatus {
  OK = 'ok',
  BROKEN = 'broken',
}

registerEnumType(ChainStatus, {
  name: 'ChainStatus',
  description: 'Whether every link of a round table’s hash chain holds.',
  valuesConfig: {
    OK: { description: 'Every event recomputes to its stored hash; headHash is the chain’s last hash.' },
    BROKEN: { description: 'A link does not hold: see problem, at and detail.' },
  },
});

export enum ChainProblem {
  ALTERED = 'altered',
  MISSING = 'missing',
  REORDERED = 'reordered',
  UNSEALED = 'unsealed',
}

registerEnumType(ChainProblem, {
  name: 'ChainProblem',
  description: 'Why a link of the hash chain does not hold.',
  valuesConfig: {
    ALTERED: {
      description:
        'The event at the place does not recompute to its stored hash and no other event belongs there: its content, envelope, place or hash was changed (a rewritten hash shows at the next place).',
    },
    MISSING: { description: 'No event holds the place: the next stored event has a later one (an event was removed).' },
    REORDERED: { description: 'The event at the place does not belong there, but another stored event does (two events swapped places or contents).' },
    UNSEALED: { description: 'The event at the place has no hash yet (KurrentDB seals events shortly after they are appended); detail says how many wait.' },
  },
});

@ObjectType({ description: 'A place in a round table’s hash chain and the event stored there.' })
export class ChainPlace {
  @Field(() => Int, { description: 'The 1-based place in the chain (the tenant sequence) where the chain stops holding.' })
  tenantSequence!: number;

  @Field(() => String, { nullable: true, description: 'Where the event stored at the place sits in the global log; null when no event is there (MISSING).' })
  checkpoint!: string | null;

  @Field(() => String, { nullable: true, description: 'The id of the event stored at the place; null when no event is there (MISSING).' })
  eventId!: string | null;

  @Field(() => String, { nullable: true, description: 'The stream of the event stored at the place; null when no event is there (MISSING).' })
  streamId!: string | null;
}

@ObjectType({ description: 'The result of recomputing a round table’s hash chain from the stored events.' })
export class ChainVerification {
  @Field(() => String, { description: 'The round table verified.' })
  tenant!: string;

  @Field(() => ChainStatus, { description: 'OK when every link holds, BROKEN at the first that does not.' })
  status!: ChainStatus;

  @Field(() => Int, { description: 'How many events verified: the whole chain when OK, the events before the broken place otherwise.' })
  verifiedEvents!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'When OK: the chain’s last hash (64 zeros for an empty chain); compare it with a head published earlier to detect events removed from the end. Null when BROKEN.',
  })
  headHash!: string | null;

  @Field(() => ChainProblem, { nullable: true, description: 'When BROKEN: why the first broken link does not hold. Null when OK.' })
  problem!: ChainProblem | null;

  @Field(() => ChainPlace, { nullable: true, description: 'When BROKEN: the first place that does not hold. Null when OK.' })
  at!: ChainPlace | null;

  @Field(() => String, { nullable: true, description: 'When BROKEN: what was found at the place, in words. Null when OK.' })
  detail!: string | null;
}

const PROBLEMS: Record<StoreChainProblem, ChainProblem> = {
  altered: ChainProblem.ALTERED,
  missing: ChainProblem.MISSING,
  reordered: ChainProblem.REORDERED,
  unsealed: ChainProblem.UNSEALED,
};

@Resolver()
export class VerifyResolver {
  @Query(() => ChainVerification, {
    description:
      'Auditors and admins: recomputes the round table’s hash chain from the stored events, in chain order. OK with the head hash, or the first altered, missing, reordered or unsealed event by its place. Reads the whole chain: seconds for large round tables.',
  })
  async verifyChain(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<ChainVerification> {
    requireRole(context, tenant, ['auditor', 'admin']);
    const result = await verifyTenantChain(requireDomain(context).store, tenant);
    if (result.status === 'ok') {
      return { tenant, status: ChainStatus.OK, verifiedEvents: result.events, headHash: result.headHash, problem: null, at: null, detail: null };
    }
    return {
      tenant,
      status: ChainStatus.BROKEN,
      verifiedEvents: result.verifiedBefore,
      headHash: null,
      problem: PROBLEMS[result.problem],
      at: { ...result.at },
      detail: result.detail,
    };
  }
}
