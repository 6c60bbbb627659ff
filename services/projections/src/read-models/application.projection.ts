import type { Lookup, ProjectionEvent } from '../core/projection';
import { defineProjection, touch } from '../core/projection';
import { defineTable, type Row, type RowChange } from '../core/table';
import { ERASED, personalOf, programIdOf, str } from './helpers';
import { matchBoardTable } from './match-board.projection';
import { programTable } from './program.projection';

export const applicationTable = defineTable({
  name: 'application',
  personal: true,
  columns: {
    tenant: 'text',
    applicationId: 'text',
    programId: 'text',
    personId: 'text',
    role: 'text',
    status: 'text',
    tier: 'int?',
    careerStage: 'text',
    membership: 'bool',
    mentorCapacity: 'int?',
    /** Topic, method and support choices (the template's matching sources), for filtering. */
    topics: 'json',
    /** Choice, number and yes/no answers (readable without keys). */
    answers: 'json',
    /** Decrypted personal data: `(erased)` / null once the person's key is gone. */
    name: 'text',
    email: 'text?',
    affiliation: 'text?',
    personalAnswers: 'json?',
    /** The free-text answers joined: what applicants wrote about their interests. */
    interests: 'text',
    /** Lower-case name, affiliation, interests and topics: what text search looks in. */
    searchText: 'text',
    screeningRule: 'text?',
    screeningReason: 'text?',
    windowOverride: 'bool',
    promotionSuggested: 'bool',
    statusReason: 'text?',
    /**
     * Confirmed pairs the application is in and that have not ended, sorted. While there is one, an
     * eligible application shows as `matched` (the program stream keeps it eligible: a mentor
     * with places left stays in the pool).
     */
    pairIds: 'json?',
    submittedAt: 'text',
    updatedAt: 'text',
  },
  key: ['tenant', 'applicationId'],
  indexes: [
    // The order the applications list pages in (queries.ts, listApplications).
    ['tenant', 'programId', 'submittedAt', 'applicationId'],
    ['tenant', 'programId', 'status'],
    ['tenant', 'programId', 'role'],
    ['tenant', 'personId'],
  ],
  programScoped: true,
});

export const personTable = defineTable({
  name: 'person',
  personal: true,
  columns: {
    tenant: 'text',
    personId: 'text',
    name: 'text?',
    email: 'text?',
    affiliation: 'text?',
    erased: 'bool',
    registeredAt: 'text?',
    /** Applications that carry this person's data (erasure blanks them too). */
    applicationIds: 'json',
    /** Committee memberships that carry this person's name (erasure blanks them too). */
    committeeUserIds: 'json?',
    updatedAt: 'text',
  },
  key: ['tenant', 'personId'],
});

const topicsFrom = (sources: unknown, role: string, answers: Record<string, unknown>): string[] => {
  const out: string[] = [];
  for (const source of Object.values((sources ?? {}) as Record<string, Record<string, string> | undefined>)) {
    const value = source ? answers[source[role] as string] : undefined;
    for (const v of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) if (!out.includes(String(v))) out.push(String(v));
  }
  return out;
};

const interestsOf = (personalAnswers: Record<string, unknown> | null): string =>
  Object.values(personalAnswers ?? {})
    .filter((v) => typeof v === 'string' && v.trim() !== '')
    .join('\n');

export const searchTextOf = (p: { name: string | null; affiliation: string | null; interests: string; topics: string[] }): string =>
  [p.name === ERASED ? null : p.name, p.affiliation, p.interests, ...p.topics]
    .filter((v): v is string => !!v)
    .join(' ')
    .toLowerCase();

/** The personal columns of an application whose person was erased. */
const erasedColumns = (topics: string[]) => ({
  name: ERASED,
  email: null,
  affiliation: null,
  personalAnswers: null,
  interests: '',
  searchText: searchTextOf({ name: null, affiliation: null, interests: '', topics }),
});

const appKey = (e: ProjectionEvent<unknown>, applicationId: string) => ({ tenant: e.metadata.tenant, applicationId });

const statusChange = (e: ProjectionEvent<{ applicationId: string }>, values: Row): RowChange[] => [
  { table: applicationTable, op: 'patch', key: appKey(e, e.data.applicationId), values: { ...values, updatedAt: e.metadata.occurredAt } },
];

const pairIdsOf = (row: Row | undefined): string[] => (row?.pairIds as string[] | null | undefined) ?? [];

/** The status an application shows: eligible and in a confirmed pair is `matched`. */
const shownStatus = (status: string, pairIds: readonly string[]): string => (status === 'eligible' && pairIds.length > 0 ? 'matched' : status);

/** A screening or promotion outcome, shown as `matched` when the application is already paired (re-screened after an amendment). */
const outcomeChange = (e: ProjectionEvent<{ applicationId: string }>, lookup: Lookup, status: string, values: Row): RowChange[] => {
  const current = lookup.get(applicationTable, appKey(e, e.data.applicationId));
  return statusChange(e, { ...values, status: shownStatus(status, pairIdsOf(current)) });
};

/**
 * Adds (`join`) or removes a pair from both of its applications. Idempotent: a pair's end is
 * recorded on the program stream and on the pair's own stream, and both copies arrive here.
 */
const pairMembership = (e: ProjectionEvent<unknown>, lookup: Lookup, pairId: string, applicationIds: readonly string[], join: boolean): RowChange[] => {
  const changes: RowChange[] = [];
  for (const applicationId of applicationIds) {
    const key = appKey(e, applicationId);
    const current = lookup.get(applicationTable, key);
    if (!current) continue;
    const before = pairIdsOf(current);
    if (before.includes(pairId) === join) continue;
    const pairIds = join ? [...before, pairId].sort() : before.filter((id) => id !== pairId);
    const status = current.status === 'matched' && pairIds.length === 0 ? 'eligible' : shownStatus(current.status as string, pairIds);
    changes.push({
      table: applicationTable,
      op: 'patch',
      key,
      values: { pairIds: pairIds.length > 0 ? pairIds : null, status, updatedAt: e.metadata.occurredAt },
    });
  }
  return changes;
};

export const applicationProjection = defineProjection({
  name: 'application',
  tables: [applicationTable, personTable],
  touches: {
    ApplicationSubmitted: (e) => [
      touch(applicationTable, appKey(e, e.data.applicationId)),
      touch(personTable, { tenant: e.metadata.tenant, personId: e.data.personId }),
    ],
    PairConfirmed: (e) => [touch(applicationTable, appKey(e, e.data.mentorApplicationId)), touch(applicationTable, appKey(e, e.data.menteeApplicationId))],
  },
  handlers: {
    ApplicationSubmitted: (e, lookup: Lookup) => {
      const d = e.data;
      const programId = programIdOf(e) ?? d.programId;
      const program = lookup.get(programTable, { tenant: e.metadata.tenant, programId });
      const topics = topicsFrom(program?.matchingSources, d.role, d.answers);
      const fields = personalOf(e);
      const personal =
        fields === 'erased' || !fields
          ? erasedColumns(topics)
          : (() => {
              const personalAnswers = (fields.answers ?? {}) as Record<string, unknown>;
              const name = str(fields.name) ?? '';
              const affiliation = str(fields.affiliation);
              const interests = interestsOf(personalAnswers);
              return {
                name,
                email: str(fields.email),
                affiliation,
                personalAnswers,
                interests,
                searchText: searchTextOf({ name, affiliation, interests, topics }),
              };
            })();
      const person = lookup.get(personTable, { tenant: e.metadata.tenant, personId: d.personId });
      const ids = ((person?.applicationIds as string[] | undefined) ?? []).filter((id) => id !== d.applicationId);
      return [
        {
          table: applicationTable,
          op: 'upsert',
          key: appKey(e, d.applicationId),
          values: {
            programId,
            personId: d.personId,
            role: d.role,
            status: 'submitted',
            tier: null,
            careerStage: d.careerStage,
            membership: d.membership,
            mentorCapacity: d.role === 'mentor' ? (d.mentorCapacity ?? ((program?.capacityDefault as number | undefined) || null)) : null,
            topics,
            answers: d.answers,
            ...personal,
            windowOverride: d.windowOverride !== null,
            promotionSuggested: false,
            submittedAt: d.submittedAt,
            updatedAt: e.metadata.occurredAt,
          },
        },
        {
          table: personTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant, personId: d.personId },
          values: { applicationIds: [...ids, d.applicationId], updatedAt: e.metadata.occurredAt },
        },
      ];
    },
    ApplicationAmended: (e, lookup) => {
      const d = e.data;
      const current = lookup.get(applicationTable, appKey(e, d.applicationId));
      if (!current) return [];
      const programId = current.programId as string;
      const program = lookup.get(programTable, { tenant: e.metadata.tenant, programId });
      const answers = { ...(current.answers as Record<string, unknown>), ...(d.answers ?? {}) };
      const topics = topicsFrom(program?.matchingSources, current.role as string, answers);
      const fields = personalOf(e);
      const values: Row = {
        ...(d.careerStage === undefined ? {} : { careerStage: d.careerStage }),
        ...(d.membership === undefined ? {} : { membership: d.membership }),
        ...(d.mentorCapacity === undefined ? {} : { mentorCapacity: d.mentorCapacity }),
        ...(d.rescreen ? { status: 'submitted', tier: null, screeningRule: null, screeningReason: null } : {}),
        answers,
        topics,
        updatedAt: e.metadata.occurredAt,
      };
      if (current.name === ERASED || fields === 'erased') Object.assign(values, erasedColumns(topics));
      else {
        const f = fields ?? {};
        const name = 'name' in f ? (str(f.name) ?? '') : (current.name as string);
        const email = 'email' in f ? str(f.email) : (current.email as string | null);
        const affiliation = 'affiliation' in f ? str(f.affiliation) : (current.affiliation as string | null);
        const personalAnswers = {
          ...((current.personalAnswers as Record<string, unknown> | null) ?? {}),
          ...((f.answers as Record<string, unknown> | undefined) ?? {}),
        };
        const interests = interestsOf(personalAnswers);
        Object.assign(values, { name, email, affiliation, personalAnswers, interests, searchText: searchTextOf({ name, affiliation, interests, topics }) });
      }
      return [{ table: applicationTable, op: 'patch', key: appKey(e, d.applicationId), values }];
    },
    ApplicationWithdrawn: (e) => statusChange(e, { status: 'withdrawn', statusReason: e.data.reason }),
    ApplicationScreened: (e, lookup) =>
      outcomeChange(e, lookup, e.data.outcome, { tier: e.data.tier, screeningRule: e.data.rule, screeningReason: e.data.reason, statusReason: e.data.reason }),
    ApplicationWaitlisted: (e) => statusChange(e, { status: 'waitlisted', promotionSuggested: false, statusReason: e.data.reason }),
    ApplicationPromoted: (e, lookup) => outcomeChange(e, lookup, 'eligible', { promotionSuggested: false, statusReason: e.data.reason }),
    WaitlistPromotionSuggested: (e) => statusChange(e, { promotionSuggested: true }),
    PairConfirmed: (e, lookup) => pairMembership(e, lookup, e.data.pairId, [e.data.mentorApplicationId, e.data.menteeApplicationId], true),
    PairEnded: (e, lookup) => {
      // The ids of a pair's applications stay on its match-board entry after it ends.
      const entry = lookup.get(matchBoardTable, { tenant: e.metadata.tenant, entryId: e.data.pairId });
      if (!entry) return [];
      return pairMembership(e, lookup, e.data.pairId, [entry.mentorApplicationId as string, entry.menteeApplicationId as string], false);
    },

    PersonRegistered: (e) => {
      const fields = personalOf(e);
      const contact =
        fields === 'erased' || !fields
          ? { name: ERASED, email: null, affiliation: null, erased: true }
          : { name: str(fields.name), email: str(fields.email), affiliation: str(fields.affiliation) };
      return [
        {
          table: personTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant, personId: e.data.personId },
          values: { ...contact, registeredAt: e.metadata.occurredAt, updatedAt: e.metadata.occurredAt },
        },
      ];
    },
    ContactDetailsChanged: (e, lookup) => {
      const fields = personalOf(e);
      const key = { tenant: e.metadata.tenant, personId: e.data.personId };
      const person = lookup.get(personTable, key);
      if (!person || person.erased || fields === 'erased' || !fields) return [];
      const values: Row = { updatedAt: e.metadata.occurredAt };
      for (const k of ['name', 'email', 'affiliation'] as const) if (k in fields) values[k] = str(fields[k]);
      return [{ table: personTable, op: 'patch', key, values }];
    },
    CommitteeMemberAppointed: (e, lookup) => {
      const key = { tenant: e.metadata.tenant, personId: e.data.personId };
      const person = lookup.get(personTable, key);
      const ids = ((person?.committeeUserIds as string[] | null | undefined) ?? []).filter((id) => id !== e.data.userId);
      return [{ table: personTable, op: 'upsert', key, values: { committeeUserIds: [...ids, e.data.userId], updatedAt: e.metadata.occurredAt } }];
    },
    PersonalDataErased: (e, lookup) => {
      const key = { tenant: e.metadata.tenant, personId: e.data.personId };
      const person = lookup.get(personTable, key);
      const changes: RowChange[] = [
        { table: personTable, op: 'upsert', key, values: { name: ERASED, email: null, affiliation: null, erased: true, updatedAt: e.metadata.occurredAt } },
      ];
      for (const applicationId of (person?.applicationIds as string[] | undefined) ?? []) {
        const application = lookup.get(applicationTable, { tenant: e.metadata.tenant, applicationId });
        if (!application) continue;
        changes.push({ table: applicationTable, op: 'patch', key: appKey(e, applicationId), values: erasedColumns(application.topics as string[]) });
      }
      return changes;
    },
  },
});
