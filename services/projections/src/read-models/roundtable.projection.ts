import { defineProjection } from '../core/projection';
import type { RowChange } from '../core/table';
import { defineTable } from '../core/table';
import { personTable } from './application.projection';
import { ERASED, personalOf, str } from './helpers';

export const roundTableTable = defineTable({
  name: 'round_table',
  personal: true,
  columns: {
    tenant: 'text',
    abbreviation: 'text',
    name: 'text',
    website: 'text?',
    contactPersonId: 'text',
    contactName: 'text?',
    contactEmail: 'text?',
    registeredAt: 'text',
    updatedAt: 'text',
  },
  key: ['tenant'],
});

export const committeeMemberTable = defineTable({
  name: 'committee_member',
  personal: true,
  columns: { tenant: 'text', userId: 'text', personId: 'text', role: 'text', name: 'text?', email: 'text?', appointedAt: 'text', appointedBy: 'text' },
  key: ['tenant', 'userId'],
});

export const templateTable = defineTable({
  name: 'program_template',
  columns: { tenant: 'text', templateId: 'text', latestVersion: 'int', name: 'text', summary: 'text', definition: 'json?', updatedAt: 'text' },
  key: ['tenant', 'templateId'],
});

const contact = (fields: ReturnType<typeof personalOf>) =>
  fields === 'erased' ? { name: ERASED, email: null } : fields ? { name: str(fields.name), email: str(fields.email) } : null;

export const roundTableProjection = defineProjection({
  name: 'round-table',
  tables: [roundTableTable, committeeMemberTable, templateTable],
  handlers: {
    /** The round table's contact and the person's committee seats show the person as erased. */
    PersonalDataErased: (e, lookup) => {
      const { tenant } = e.metadata;
      const changes: RowChange[] = [];
      const roundTable = lookup.get(roundTableTable, { tenant });
      if (roundTable?.contactPersonId === e.data.personId) {
        changes.push({ table: roundTableTable, op: 'patch', key: { tenant }, values: { contactName: ERASED, contactEmail: null } });
      }
      const person = lookup.get(personTable, { tenant, personId: e.data.personId });
      for (const userId of (person?.committeeUserIds as string[] | null | undefined) ?? []) {
        if (lookup.get(committeeMemberTable, { tenant, userId })) {
          changes.push({ table: committeeMemberTable, op: 'patch', key: { tenant, userId }, values: { name: ERASED, email: null } });
        }
      }
      return changes;
    },
    RoundTableRegistered: (e) => {
      const c = contact(personalOf(e));
      return [
        {
          table: roundTableTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant },
          values: {
            abbreviation: e.data.abbreviation,
            name: e.data.name,
            website: e.data.website,
            contactPersonId: e.data.contactPersonId,
            contactName: c?.name ?? null,
            contactEmail: c?.email ?? null,
            registeredAt: e.metadata.occurredAt,
            updatedAt: e.metadata.occurredAt,
          },
        },
      ];
    },
    RoundTableProfileChanged: (e) => {
      const c = contact(personalOf(e));
      return [
        {
          table: roundTableTable,
          op: 'patch',
          key: { tenant: e.metadata.tenant },
          values: {
            name: e.data.name,
            website: e.data.website,
            contactPersonId: e.data.contactPersonId,
            ...(c ? { contactName: c.name, contactEmail: c.email } : {}),
            updatedAt: e.metadata.occurredAt,
          },
        },
      ];
    },
    CommitteeMemberAppointed: (e) => {
      const c = contact(personalOf(e));
      return [
        {
          table: committeeMemberTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant, userId: e.data.userId },
          values: {
            personId: e.data.personId,
            role: e.data.role,
            name: c?.name ?? null,
            email: c?.email ?? null,
            appointedAt: e.metadata.occurredAt,
            appointedBy: e.data.appointedBy,
          },
        },
      ];
    },
    CommitteeMemberRemoved: (e) => [{ table: committeeMemberTable, op: 'delete', key: { tenant: e.metadata.tenant, userId: e.data.userId } }],
    TemplateDefined: (e) => [
      {
        table: templateTable,
        op: 'upsert',
        key: { tenant: e.metadata.tenant, templateId: e.data.templateId },
        values: {
          latestVersion: e.data.version,
          name: e.data.definition.name,
          summary: e.data.definition.summary,
          definition: e.data.definition,
          updatedAt: e.metadata.occurredAt,
        },
      },
    ],
    TemplateChanged: (e) => [
      {
        table: templateTable,
        op: 'upsert',
        key: { tenant: e.metadata.tenant, templateId: e.data.templateId },
        values: {
          latestVersion: e.data.version,
          name: e.data.definition.name,
          summary: e.data.definition.summary,
          definition: e.data.definition,
          updatedAt: e.metadata.occurredAt,
        },
      },
    ],
  },
});
