/**
 * The plaintext personal part of an event, as deciders produce it and as loading hands it back
 * when the person's key is available. It belongs to exactly one person and is encrypted with
 * that person's key before it is stored (see `person/personal-data.ts`).
 */
export type PersonalPart = { personId: string; fields: Record<string, unknown> } | { personId: string; erased: true };

/** A domain event as deciders see it: `data` holds only facts that stay readable without keys. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Absent when the event carries no personal data, or when it was not decrypted on load. */
  personal?: PersonalPart;
}

export type Event<Type extends string, Data> = DomainEvent<Type, Data>;
