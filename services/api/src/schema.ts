import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApplicationMutations } from './application/application.mutations';
import { AuditEventConnectionResolver, AuditResolver } from './audit/audit.resolver';
import { VerifyResolver } from './audit/verify.resolver';
import { AuthResolver } from './auth/auth.resolver';
import { MatchingMutations } from './matching/matching.mutations';
import { PairMutations } from './pair/pair.mutations';
import { PersonMutations } from './person/person.mutations';
import { ProgramMutations } from './program/program.mutations';
import { ReadResolver } from './read/read.resolver';
import { RoundTableMutations } from './roundtable/roundtable.mutations';
import { SubscriptionResolver } from './subscriptions/subscription.resolver';
import { TemplateMutations } from './template/template.mutations';

/** Every resolver class of the API; the checked-in schema/schema.graphql is printed from these. */
export const RESOLVERS = [
  AuthResolver,
  ReadResolver,
  RoundTableMutations,
  TemplateMutations,
  ProgramMutations,
  ApplicationMutations,
  MatchingMutations,
  PairMutations,
  PersonMutations,
  SubscriptionResolver,
  AuditResolver,
  AuditEventConnectionResolver,
  VerifyResolver,
] as const;

/** type-graphql wants a PubSub for @Subscription; ours bring their own `subscribe` (the live publisher), so this one is never used. */
const unusedPubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('subscriptions use the live publisher, not type-graphql topics');
  },
};

export const buildTandemSchema = async (): Promise<GraphQLSchema> => {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    validate: false,
    pubSub: unusedPubSub,
  });
  const query = schema.getQueryType();
  if (query) query.description = 'Reads: round tables, programs, applications, the match board, audit. Each field checks tenant and role.';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Commands: each returns once the read models show its effect (read-your-writes).';
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = 'Live changes over graphql-ws on the same /graphql endpoint.';
  return schema;
};

export const printTandemSchema = (schema: GraphQLSchema): string =>
  `# Generated from the resolvers by \`npm run schema -w @tandem/api\`; a test fails when it drifts.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
