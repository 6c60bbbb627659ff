import { handlePairCommand } from '@tandem/domain';
import { Arg, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { COMMITTEE_WORK, COORDINATION, CommandOptions, CommandPayload, execute, newId } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';

@InputType({ description: 'A publication or presentation the pair’s work produced; it appears on the program’s public list.' })
export class OutputInput {
  @Field(() => String, { description: '"publication" or "presentation".' })
  kind!: string;

  @Field(() => String, { description: 'The title.' })
  title!: string;

  @Field(() => String, { description: 'Journal, conference or venue.' })
  venue!: string;

  @Field(() => String, { description: 'Date published or presented (YYYY-MM-DD).' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'A link, if public.' })
  url?: string | null;
}

@Resolver()
export class PairMutations {
  @Mutation(() => CommandPayload, { description: 'Schedules an extra check-in for a confirmed pair (committee). The id is the check-in id.' })
  scheduleCheckIn(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('dueOn', () => String, { description: 'When it is due (YYYY-MM-DD).' }) dueOn: string,
    @Arg('label', () => String, { nullable: true, description: 'e.g. "Meet at ALA Annual" or "VRT dinner".' }) label: string | null,
    @Arg('mode', () => String, { nullable: true, description: 'virtual, in person, at the conference…' }) mode: string | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const checkInId = newId();
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        handlePairCommand(deps, {
          type: 'ScheduleCheckIn',
          data: { pairId, checkInId, dueOn, ...(label ? { label } : {}), ...(mode ? { mode } : {}) },
          metadata,
        }),
      checkInId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records a check-in as held, with who attended and notes (committee).' })
  recordCheckInHeld(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('checkInId', () => String, { description: 'The scheduled check-in.' }) checkInId: string,
    @Arg('heldOn', () => String, { description: 'When it was held (YYYY-MM-DD).' }) heldOn: string,
    @Arg('mentorAttended', () => Boolean, { description: 'Whether the mentor attended.' }) mentorAttended: boolean,
    @Arg('menteeAttended', () => Boolean, { description: 'Whether the mentee attended.' }) menteeAttended: boolean,
    @Arg('notes', () => String, { nullable: true, description: 'Notes (kept as personal data).' }) notes: string | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        handlePairCommand(deps, {
          type: 'RecordCheckInHeld',
          data: { pairId, checkInId, heldOn, attendance: { mentor: mentorAttended, mentee: menteeAttended }, notes },
          metadata,
        }),
      checkInId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records a check-in as missed, with the reason (committee).' })
  recordCheckInMissed(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('checkInId', () => String, { description: 'The scheduled check-in.' }) checkInId: string,
    @Arg('reason', () => String, { description: 'Why it did not happen.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handlePairCommand(deps, { type: 'RecordCheckInMissed', data: { pairId, checkInId, reason }, metadata }),
      checkInId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records a publication or presentation the pair produced (committee). The id is the output id.' })
  recordOutput(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('output', () => OutputInput, { description: 'The output.' }) output: OutputInput,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    if (output.kind !== 'publication' && output.kind !== 'presentation')
      throw apiError('VALIDATION', `kind "${output.kind}" is unknown; use publication or presentation`);
    const outputId = newId();
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        handlePairCommand(deps, {
          type: 'RecordOutput',
          data: {
            pairId,
            outputId,
            kind: output.kind as 'publication' | 'presentation',
            title: output.title,
            venue: output.venue,
            date: output.date,
            url: output.url ?? null,
          },
          metadata,
        }),
      outputId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Records the final presentation of research in progress (committee).' })
  recordFinalPresentation(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('deliveredOn', () => String, { description: 'When it was delivered (YYYY-MM-DD).' }) deliveredOn: string,
    @Arg('title', () => String, { description: 'Its title.' }) title: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handlePairCommand(deps, { type: 'RecordFinalPresentation', data: { pairId, deliveredOn, title }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Completes the pair’s participation when the template’s requirements hold (coordinators).' })
  completeParticipation(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handlePairCommand(deps, { type: 'CompleteParticipation', data: { pairId }, metadata }),
      pairId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Issues the mentee’s certificate after completion, once (coordinators). The id is the certificate id.' })
  issueCertificate(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const certificateId = newId();
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handlePairCommand(deps, { type: 'IssueCertificate', data: { pairId, certificateId }, metadata }),
      certificateId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Issues the mentor’s letter of appreciation after completion, once (coordinators). The id is the letter id.' })
  issueAppreciationLetter(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const letterId = newId();
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handlePairCommand(deps, { type: 'IssueAppreciationLetter', data: { pairId, letterId }, metadata }),
      letterId,
    );
  }
}
