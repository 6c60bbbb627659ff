import { readFileSync } from 'node:fs';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../src/emit-schema';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

/**
 * The cross-tenant walk, generated from schema/schema.graphql: every root field is called with
 * tenant A's (VRT's) ids and tenant B's (LRRT's) credential, and must answer FORBIDDEN or
 * NOT_FOUND — never data, never a write. A root field without a case here fails the test.
 */
const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));

type Case = 'tenant' | { public: string; selection?: string; check?: (data: unknown) => void };
const CASES: Record<string, Case> = {
  // Public by design, or about the caller only.
  viewer: { public: 'the caller’s own account' },
  roundTables: {
    public: 'lists only the caller’s round tables',
    selection: ' { edges { node { tenant } } }',
    check: (d) => expect((d as { roundTables: { edges: { node: { tenant: string } }[] } }).roundTables.edges.map((e) => e.node.tenant)).toEqual(['lrrt']),
  },
  signIn: { public: 'sign-in' },
  refreshSession: { public: 'sign-in' },
  signOut: { public: 'sign-out' },
  acceptInvitation: { public: 'invitation token' },
  applicationForm: { public: 'the public application form' },
  publicOutputs: { public: 'the public list of outputs' },
  submitApplication: { public: 'the public application form' },
  registerRoundTable: 'tenant',
};

const ids: Record<string, string> = {};
const argValue = (arg: GraphQLArgument | { name: string; type: GraphQLInputType }): unknown => {
  const type = arg.type;
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = argValue(field);
    }
    if (named.name === 'ApplicationFormInput') Object.assign(value, { role: 'mentee', careerStage: 'early-career', email: 'x@example.org', answers: {} });
    if (named.name === 'ContactInput') Object.assign(value, { email: 'x@example.org' });
    if (named.name === 'OutputInput') Object.assign(value, { kind: 'publication', date: '2027-01-01' });
    return isListType(isNonNullType(type) ? type.ofType : type) ? [value] : value;
  }
  if (named.name === 'JSONObject' || named.name === 'JSON') return {};
  if (!isScalarType(named)) throw new Error(`no sample for ${named.name}`);
  if (!isNonNullType(type) && !(arg.name in ids) && arg.name !== 'tenant') return null;
  const sample =
    arg.name === 'tenant'
      ? 'vrt'
      : (ids[arg.name] ??
        ({ Int: 1, Float: 1, Boolean: true } as Record<string, unknown>)[named.name] ??
        (
          {
            party: 'mentor',
            role: 'committee',
            kind: 'publication',
            reason: 'cross-tenant probe',
            email: 'x@example.org',
            password: 'a long enough password',
            opensAt: '2026-01-01T00:00:00Z',
            closesAt: '2026-02-01T00:00:00Z',
          } as Record<string, string>
        )[arg.name] ??
        '2026-01-01');
  return isListType(isNonNullType(type) ? type.ofType : type) ? [sample] : sample;
};

const operationFor = (kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) => {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const args: string[] = [];
  for (const arg of field.args) {
    variables[arg.name] = argValue(arg);
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const c = CASES[field.name];
  const selection = isScalarType(getNamedType(field.type)) ? '' : (c !== 'tenant' && c?.selection) || ' { __typename }';
  const query = `${kind}${defs.length ? ` (${defs.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
  return { query, variables };
};

const rootFields = (): { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] => [
  ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field })),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: 'mutation' as const, field })),
];

const describeWalk = (name: string, start: () => Promise<TestTandem>) =>
  describe(`cross-tenant walk (${name})`, () => {
    let t: TestTandem;
    let lrrt: string;
    beforeAll(async () => {
      t = await start();
      lrrt = await t.signIn('chair@lrrt.demo', 'tandem-demo-2026');
      const store = t.tandem.store;
      const confirmed = (
        await store.readAll({ tenant: 'vrt', types: ['PairProposed', 'ApplicationSubmitted', 'MatchRunCompleted', 'CommitteeMemberAppointed'], limit: 1000 })
      ).map((e) => e.data as Record<string, string>);
      const [program] = await store.readAll({ tenant: 'vrt', types: ['ProgramDrafted'], limit: 1 });
      if (!program) throw new Error('the demo data has no VRT program');
      ids.programId = (program.data as { programId: string }).programId;
      ids.applicationId = confirmed.find((d) => d.applicationId)?.applicationId as string;
      ids.mentorApplicationId = ids.applicationId;
      ids.menteeApplicationId = confirmed.filter((d) => d.applicationId)[1]?.applicationId as string;
      ids.runId = confirmed.find((d) => d.runId)?.runId ?? 'run-1';
      ids.userId = 'vrt-coordinator';
      ids.templateId = 'vrt-mentorship';
      ids.pairId = confirmed.find((d) => d.pairId)?.pairId ?? ids.applicationId;
      ids.firstPairId = ids.pairId;
      ids.secondPairId = ids.pairId;
      ids.checkInId = 'check-in-1';
      ids.token = 'not-a-token.x';
      ids.refreshToken = 'not-a-token.x';
    }, 180_000);
    afterAll(() => t.stop());

    it('has a case for every root field of the schema', () => {
      const missing = rootFields()
        .map(({ field }) => field.name)
        .filter((n) => !(n in CASES) && !isTenantScoped(n));
      expect(missing).toEqual([]);
    });

    it('answers every tenant-scoped field with FORBIDDEN or NOT_FOUND for another round table’s credential, and writes nothing', async () => {
      const before = (await t.tandem.store.readAll({ tenant: 'vrt', limit: 100_000 })).length;
      const leaks: string[] = [];
      for (const { kind, field } of rootFields()) {
        const c = CASES[field.name] ?? 'tenant';
        const { query, variables } = operationFor(kind, field);
        const response = await gql(t.url, query, variables, { token: lrrt });
        if (c !== 'tenant') {
          c.check?.(response.data);
          continue;
        }
        const code = response.errors?.[0]?.extensions?.code;
        const value = (response.data as Record<string, unknown> | null | undefined)?.[field.name];
        if (!['FORBIDDEN', 'NOT_FOUND'].includes(String(code)) || (value !== null && value !== undefined)) {
          leaks.push(
            `${field.name}: code ${String(code)}, data ${JSON.stringify(value)?.slice(0, 80)}, errors ${JSON.stringify(response.errors)?.slice(0, 160)}`,
          );
        }
      }
      expect(leaks).toEqual([]);
      expect((await t.tandem.store.readAll({ tenant: 'vrt', limit: 100_000 })).length).toBe(before);
    });
  });

/** Every root field that takes a `tenant` argument is tenant-scoped unless listed as public. */
const isTenantScoped = (fieldName: string) => rootFields().some(({ field }) => field.name === fieldName && field.args.some((a) => a.name === 'tenant'));

describeWalk('SQLite', () => startTestTandem({ seedDemo: true }));

describe('PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let readModels: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase('tandem_api_walk');
    readModels = await createScratchDatabase('tandem_api_walk_rm');
  });
  afterAll(async () => {
    await scratch.drop();
    await readModels.drop();
  });
  describeWalk('PostgreSQL', () => startTestTandem({ seedDemo: true, eventStoreUrl: scratch.url, readModelsUrl: readModels.url }));
});
