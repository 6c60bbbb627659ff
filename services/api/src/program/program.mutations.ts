import { draftProgram, handleProgramCommand } from '@tandem/domain';
import { Arg, Ctx, Field, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { COORDINATION, CommandOptions, CommandPayload, execute, newId } from '../commands/command';
import type { Context } from '../core/context';

@InputType({ description: 'The conference a program is timed around (VRT: match before ALA Annual).' })
export class ConferenceInput {
  @Field(() => String, { description: 'e.g. "ALA Annual Conference 2027".' })
  name!: string;

  @Field(() => String, { description: 'First day (YYYY-MM-DD).' })
  startsOn!: string;

  @Field(() => String, { description: 'Last day (YYYY-MM-DD).' })
  endsOn!: string;
}

@InputType({ description: 'A new program cycle drafted from a template version.' })
export class DraftProgramInput {
  @Field(() => String, { nullable: true, description: 'An id of your choice (letters, digits, - _ . :); generated when absent.' })
  programId?: string | null;

  @Field(() => String, { description: 'e.g. "VRT Mentorship 2027".' })
  title!: string;

  @Field(() => String, { description: 'The template to draft from.' })
  templateId!: string;

  @Field(() => Int, { nullable: true, description: 'The template version to pin; the latest when absent.' })
  templateVersion?: number | null;

  @Field(() => ConferenceInput, { nullable: true, description: 'The conference the program is timed around, if any.' })
  conference?: ConferenceInput | null;
}

@Resolver()
export class ProgramMutations {
  @Mutation(() => CommandPayload, { description: 'Drafts a program cycle pinned to a template version (coordinators).' })
  draftProgram(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('input', () => DraftProgramInput, { description: 'The program to draft.' }) input: DraftProgramInput,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const programId = input.programId || newId();
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) =>
        draftProgram(
          deps,
          {
            programId,
            title: input.title,
            templateId: input.templateId,
            ...(input.templateVersion ? { templateVersion: input.templateVersion } : {}),
            conference: input.conference ? { ...input.conference } : null,
          },
          metadata,
        ),
      programId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Opens the application window between two moments (coordinators).' })
  openApplicationWindow(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('opensAt', () => String, { description: 'ISO 8601 date-time the window opens.' }) opensAt: string,
    @Arg('closesAt', () => String, { description: 'ISO 8601 date-time the window closes.' }) closesAt: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'OpenApplicationWindow', data: { opensAt, closesAt }, metadata }),
      programId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Closes the application window now (coordinators).' })
  closeApplicationWindow(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'CloseApplicationWindow', data: {}, metadata }),
      programId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Starts the program: the check-in schedule is derived from the template (coordinators).' })
  startProgram(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('startsOn', () => String, { description: 'The first day of the program (YYYY-MM-DD).' }) startsOn: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'StartProgram', data: { startsOn }, metadata }),
      programId,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Marks the program cycle completed (coordinators).' })
  completeProgram(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleProgramCommand(deps, programId, { type: 'CompleteProgram', data: {}, metadata }),
      programId,
    );
  }
}
