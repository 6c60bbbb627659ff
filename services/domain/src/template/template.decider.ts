import type { Command } from '../core/command';
import type { Decider } from '../core/decider';
import { ConflictError, IllegalStateError, NotFoundError } from '../core/errors';
import type { Event } from '../core/event';
import { assertValidTemplate, pinned } from './template.rules';
import type { ProgramTemplate, TemplateDefinition } from './template.types';

export type TemplateEvent =
  | Event<'TemplateDefined', { templateId: string; version: 1; definition: TemplateDefinition }>
  | Event<'TemplateChanged', { templateId: string; version: number; definition: TemplateDefinition; change: string }>;

export type TemplateCommand =
  | Command<'DefineTemplate', { templateId: string; definition: TemplateDefinition }>
  | Command<'ChangeTemplate', { templateId: string; definition: TemplateDefinition; change: string }>;

export type TemplateState = { status: 'undefined' } | { status: 'defined'; templateId: string; latest: number; versions: Record<number, TemplateDefinition> };

export const templateStreamId = (tenant: string, templateId: string) => `${tenant}/template-${templateId}`;

/** The version a program pins; the latest when `version` is absent. */
export const templateVersion = (state: TemplateState, version?: number): ProgramTemplate => {
  if (state.status !== 'defined') throw new NotFoundError('no such template: define it first');
  const v = version ?? state.latest;
  const definition = state.versions[v];
  if (!definition) throw new NotFoundError(`template ${state.templateId} has versions 1 to ${state.latest}; version ${v} does not exist`);
  return pinned(state.templateId, v, definition);
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const decideTemplate = (command: TemplateCommand, state: TemplateState): TemplateEvent[] => {
  switch (command.type) {
    case 'DefineTemplate': {
      if (state.status === 'defined')
        throw new ConflictError(`template ${state.templateId} is already defined; change it instead, which makes version ${state.latest + 1}`);
      assertValidTemplate(command.data.definition);
      return [{ type: 'TemplateDefined', data: { templateId: command.data.templateId, version: 1, definition: command.data.definition } }];
    }
    case 'ChangeTemplate': {
      if (state.status !== 'defined') throw new NotFoundError(`template ${command.data.templateId} is not defined yet; define it first`);
      assertValidTemplate(command.data.definition);
      if (same(state.versions[state.latest], command.data.definition)) {
        throw new IllegalStateError(`the new definition equals version ${state.latest}; change something or leave the template as it is`);
      }
      if (!command.data.change?.trim()) throw new IllegalStateError('say in a few words what changed, so programs know what the new version means');
      return [
        {
          type: 'TemplateChanged',
          data: { templateId: state.templateId, version: state.latest + 1, definition: command.data.definition, change: command.data.change },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

export const evolveTemplate = (state: TemplateState, event: TemplateEvent): TemplateState => {
  switch (event.type) {
    case 'TemplateDefined':
      return { status: 'defined', templateId: event.data.templateId, latest: 1, versions: { 1: event.data.definition } };
    case 'TemplateChanged':
      if (state.status !== 'defined') return state;
      return { ...state, latest: event.data.version, versions: { ...state.versions, [event.data.version]: event.data.definition } };
    default:
      return state;
  }
};

export const templateDecider: Decider<TemplateCommand, TemplateState, TemplateEvent> = {
  initialState: () => ({ status: 'undefined' }),
  decide: decideTemplate,
  evolve: evolveTemplate,
};
