import type { PairEvent, PersonEvent, ProgramEvent, RoundTableEvent, TemplateEvent } from '@tandem/domain';

/** Every domain event the projections know, by type. */
export type KnownEvent = ProgramEvent | PairEvent | PersonEvent | RoundTableEvent | TemplateEvent;
export type KnownType = KnownEvent['type'];
export type DataOf<T extends KnownType> = Extract<KnownEvent, { type: T }>['data'];
