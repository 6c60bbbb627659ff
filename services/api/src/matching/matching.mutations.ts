import { handleProgramCommand, runMatchRun } from '@tandem/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { COMMITTEE_WORK, COORDINATION, CommandOptions, CommandPayload, execute, newId } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';

const party = (value: string): 'mentor' | 'mentee' => {
  if (value !== 'mentor' && value !== 'mentee') throw apiError('VALIDATION', `party "${value}" is unknown; use mentor or mentee`);
  return value;
};

@Resolver()
export class MatchingMutations {
  @Mutation(() => CommandPayload, {
    description: 'Runs the matching engine on the program’s pool with the template’s weights; records proposals and reasons (committee). The id is the run id.',
  })
  runMatching(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('objective', () => String, {
      nullable: true,
      description: '"coverage" (most people matched) or "score" (highest total score); the template’s default when absent.',
    })
    objective: string | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    if (objective && objective !== 'coverage' && objective !== 'score')
      throw apiError('VALIDATION', `objective "${objective}" is unknown; use coverage or score`);
    const runId = newId();
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => runMatchRun(deps, { programId, runId, ...(objective ? { objective: objective as 'coverage' | 'score' } : {}) }, metadata),
      runId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Turns a match run’s proposals into proposed pairs, all or some (committee).' })
  adoptMatchRun(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('runId', () => String, { description: 'The match run.' }) runId: string,
    @Arg('menteeApplicationIds', () => [String], { nullable: true, description: 'Adopt only these mentees’ proposals; all when absent.' })
    menteeApplicationIds: string[] | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        handleProgramCommand(deps, programId, { type: 'AdoptMatchRun', data: { runId, ...(menteeApplicationIds ? { menteeApplicationIds } : {}) }, metadata }),
      runId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Proposes a mentor–mentee pair by hand (committee). The id is the pair id.' })
  proposePair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('mentorApplicationId', () => String, { description: 'The mentor’s application.' }) mentorApplicationId: string,
    @Arg('menteeApplicationId', () => String, { description: 'The mentee’s application.' }) menteeApplicationId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const pairId = newId();
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'ProposePair', data: { pairId, mentorApplicationId, menteeApplicationId }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Fixes a pair: later match runs keep it as it is (coordinators).' })
  fixPair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('mentorApplicationId', () => String, { description: 'The mentor’s application.' }) mentorApplicationId: string,
    @Arg('menteeApplicationId', () => String, { description: 'The mentee’s application.' }) menteeApplicationId: string,
    @Arg('reason', () => String, { description: 'Why the committee fixes it.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const pairId = newId();
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) =>
        handleProgramCommand(deps, programId, { type: 'FixPair', data: { pairId, mentorApplicationId, menteeApplicationId, reason }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Forbids a pair, e.g. a declared conflict of interest (committee).' })
  forbidPair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('mentorApplicationId', () => String, { description: 'The mentor’s application.' }) mentorApplicationId: string,
    @Arg('menteeApplicationId', () => String, { description: 'The mentee’s application.' }) menteeApplicationId: string,
    @Arg('reason', () => String, { description: 'Why they must not be paired.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(context, tenant, COMMITTEE_WORK, options, (deps, metadata) =>
      handleProgramCommand(deps, programId, { type: 'ForbidPair', data: { mentorApplicationId, menteeApplicationId, reason }, metadata }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Swaps the mentors of two proposed pairs (committee).' })
  swapProposals(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('firstPairId', () => String, { description: 'One proposed pair.' }) firstPairId: string,
    @Arg('secondPairId', () => String, { description: 'The other proposed pair.' }) secondPairId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(context, tenant, COMMITTEE_WORK, options, (deps, metadata) =>
      handleProgramCommand(deps, programId, { type: 'SwapProposals', data: { firstPairId, secondPairId }, metadata }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records that the mentor or the mentee accepted a proposed pair (committee records it).' })
  acceptPair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('party', () => String, { description: '"mentor" or "mentee".' }) partyName: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    const p = party(partyName);
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'AcceptPair', data: { pairId, party: p }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records that the mentor, the mentee or the committee declined a proposed pair.' })
  declinePair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('party', () => String, { description: '"mentor", "mentee" or "committee".' }) partyName: string,
    @Arg('reason', () => String, { description: 'Why.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    const p = partyName === 'committee' ? 'committee' : party(partyName);
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'DeclinePair', data: { pairId, party: p, reason }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Confirms a pair both parties accepted; its check-in schedule starts (coordinators).' })
  confirmPair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'ConfirmPair', data: { pairId }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Ends a pair early, with the reason (coordinators).' })
  endPair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('reason', () => String, { description: 'Why it ends.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'EndPair', data: { pairId, reason }, metadata }),
      pairId,
    );
  }
}
