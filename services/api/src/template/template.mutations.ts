import { handleTemplateCommand, type TemplateDefinition } from '@tandem/domain';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { COORDINATION, CommandOptions, CommandPayload, execute, newId } from '../commands/command';
import type { Context } from '../core/context';
import { apiError } from '../core/errors';

const MAX_TEMPLATE_JSON = 256 * 1024;

const definitionOf = (definition: Record<string, unknown>): TemplateDefinition => {
  if (JSON.stringify(definition).length > MAX_TEMPLATE_JSON) throw apiError('VALIDATION', 'the template is over 256 KiB; trim question texts or options');
  return definition as unknown as TemplateDefinition;
};

@Resolver()
export class TemplateMutations {
  @Mutation(() => CommandPayload, {
    description:
      'Defines a program template: eligibility, tiers, matching weights, questions, check-in cadence, completion, recognition, waitlist policy (coordinators). The id is the template id.',
  })
  defineTemplate(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('templateId', () => String, { nullable: true, description: 'An id of your choice; generated when absent.' }) templateId: string | null,
    @Arg('definition', () => GraphQLJSONObject, { description: 'The template definition (see the VRT and LRRT templates for the shape).' })
    definition: Record<string, unknown>,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const id = templateId || newId();
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleTemplateCommand(deps, { type: 'DefineTemplate', data: { templateId: id, definition: definitionOf(definition) }, metadata }),
      id,
    );
  }

  @Mutation(() => CommandPayload, {
    description: 'Publishes a new version of a template; programs drafted earlier keep the version they pinned (coordinators).',
  })
  changeTemplate(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('templateId', () => String, { description: 'The template.' }) templateId: string,
    @Arg('definition', () => GraphQLJSONObject, { description: 'The whole new definition.' }) definition: Record<string, unknown>,
    @Arg('change', () => String, { description: 'What changed and why, for the history.' }) change: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      COORDINATION,
      options,
      (deps, metadata) => handleTemplateCommand(deps, { type: 'ChangeTemplate', data: { templateId, definition: definitionOf(definition), change }, metadata }),
      templateId,
    );
  }
}
