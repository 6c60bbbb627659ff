import { type ApplicationInput, deriveId, handleProgramCommand, submitApplication } from '@tandem/domain';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { COMMITTEE_WORK, CommandOptions, CommandPayload, execute, executeAs, newId } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';

@InputType({ description: 'An application as the public form collects it; answers are checked against the program’s questions.' })
export class ApplicationFormInput {
  @Field(() => String, { description: '"mentor" or "mentee".' })
  role!: string;

  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { description: 'Email address for the committee’s replies.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Library, school or employer.' })
  affiliation?: string | null;

  @Field(() => String, { description: 'Career stage, one of the template’s values (e.g. new_librarian, student, experienced).' })
  careerStage!: string;

  @Field(() => Boolean, { description: 'Whether the applicant is a member of the round table.' })
  membership!: boolean;

  @Field(() => Int, { nullable: true, description: 'Mentors: how many mentees they can take on.' })
  mentorCapacity?: number | null;

  @Field(() => GraphQLJSONObject, { description: 'Answers to the program’s questions, keyed by question id.' })
  answers!: Record<string, unknown>;
}

@ObjectType({ description: 'What an applicant is told after submitting.' })
export class ApplicationConfirmation {
  @Field(() => String, { description: 'Quote this reference when writing to the committee.' })
  reference!: string;

  @Field(() => String, { description: 'The application id.' })
  applicationId!: string;

  @Field(() => String, { description: 'When it was received (ISO 8601).' })
  receivedAt!: string;
}

const MAX_ANSWERS_JSON = 32 * 1024;

const toApplicationInput = (input: ApplicationFormInput): ApplicationInput => {
  if (JSON.stringify(input.answers ?? {}).length > MAX_ANSWERS_JSON) {
    throw apiError('VALIDATION', `the answers are over ${MAX_ANSWERS_JSON / 1024} KiB; shorten the longest ones`);
  }
  if (input.role !== 'mentor' && input.role !== 'mentee') throw apiError('VALIDATION', `role "${input.role}" is unknown; choose mentor or mentee`);
  return {
    role: input.role,
    name: input.name,
    email: input.email,
    affiliation: input.affiliation ?? null,
    careerStage: input.careerStage as ApplicationInput['careerStage'],
    membership: input.membership,
    mentorCapacity: input.mentorCapacity ?? null,
    answers: (input.answers ?? {}) as ApplicationInput['answers'],
  };
};

/** A short, readable reference derived from the application id: TND-XXXX-XXXX. */
export const confirmationReference = (tenant: string, applicationId: string): string =>
  `${tenant.toUpperCase()}-${applicationId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

@Resolver()
export class ApplicationMutations {
  @Mutation(() => ApplicationConfirmation, {
    description: 'Public, no sign-in: submits an application to an open program. Rate limited per address; answered with a confirmation reference.',
  })
  async submitApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program applied to.' }) programId: string,
    @Arg('application', () => ApplicationFormInput, { description: 'The form’s content.' }) application: ApplicationFormInput,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Send the same idempotency key when retrying.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<ApplicationConfirmation> {
    const wait = context.services.submitLimiter.hit(context.clientIp);
    if (wait > 0) throw apiError('RATE_LIMITED', `too many applications from this address; try again in ${wait} seconds`, { retryAfterSeconds: wait });
    const key = `submit:${options?.idempotencyKey?.trim() || newId()}`;
    // Ids derive from the idempotency key, so a retried submission names the same application.
    const applicationId = deriveId('application', tenant, programId, key);
    const input = toApplicationInput(application);
    await executeAs(
      context,
      tenant,
      'public',
      key,
      (deps, metadata) =>
        submitApplication(deps, { programId, applicationId, personId: deriveId('person', tenant, programId, key), application: input }, metadata),
      applicationId,
    );
    return { reference: confirmationReference(tenant, applicationId), applicationId, receivedAt: context.services.now().toISOString() };
  }

  @Mutation(() => CommandPayload, { description: 'Enters an application on someone’s behalf, also outside the window with a recorded reason (committee).' })
  submitApplicationForApplicant(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('application', () => ApplicationFormInput, { description: 'The form’s content.' }) application: ApplicationFormInput,
    @Arg('windowOverrideReason', () => String, { nullable: true, description: 'Why it is let in outside the window; recorded as a committee override.' })
    windowOverrideReason: string | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    const applicationId = newId();
    const input = toApplicationInput(application);
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        submitApplication(
          deps,
          { programId, applicationId, personId: newId(), application: input, windowOverride: windowOverrideReason ? { reason: windowOverrideReason } : null },
          metadata,
        ),
      applicationId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Screens an application: eligible by the template’s rules, or turned down with a reason (committee).' })
  screenApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Arg('turnDownReason', () => String, { nullable: true, description: 'Turn the application down for this reason instead of applying the rules.' })
    turnDownReason: string | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) =>
        handleProgramCommand(deps, programId, {
          type: 'ScreenApplication',
          data: { applicationId, ...(turnDownReason ? { turnDown: { reason: turnDownReason } } : {}) },
          metadata,
        }),
      applicationId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Puts an application on the waitlist (committee).' })
  waitlistApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Arg('reason', () => String, { description: 'Why it waits.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'WaitlistApplication', data: { applicationId, reason }, metadata }),
      applicationId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Promotes a waitlisted application into the pool (committee).' })
  promoteApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Arg('reason', () => String, { description: 'Why now.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'PromoteApplication', data: { applicationId, reason }, metadata }),
      applicationId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Withdraws an application at the applicant’s request (committee).' })
  withdrawApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Arg('reason', () => String, { description: 'Why it is withdrawn.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'WithdrawApplication', data: { applicationId, reason }, metadata }),
      applicationId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Amends an application’s answers or details (committee).' })
  amendApplication(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Arg('changes', () => GraphQLJSONObject, {
      description: 'The fields to change: name, email, affiliation, careerStage, membership, mentorCapacity, answers.',
    })
    changes: Record<string, unknown>,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requireRole(context, tenant, COMMITTEE_WORK);
    if (JSON.stringify(changes).length > MAX_ANSWERS_JSON) throw apiError('VALIDATION', 'the changes are too large; amend fewer answers at a time');
    return execute(
      context,
      tenant,
      COMMITTEE_WORK,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'AmendApplication', data: { applicationId, changes }, metadata }),
      applicationId,
    );
  }
}
