import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { FIRST } from '../read/connection';
import type { Context } from './context';

/**
 * The most values one operation may ask for: each field counts once per item it is read for, and
 * a paged list's fields count once per item of its page (`first`, from the query text or its
 * variables, or the default page size when absent). The portal's largest page, 200 pairs with
 * their check-ins and outputs, counts 8,210; a document of several aliased 200-item pages goes over.
 */
export const MAX_QUERY_COST = 20_000;

const pageOf = (value: ValueNode | undefined, variables: Readonly<Record<string, unknown>>, defaults: ReadonlyMap<string, unknown>): number => {
  let first: unknown = FIRST.default;
  if (value?.kind === Kind.INT) first = Number.parseInt(value.value, 10);
  else if (value?.kind === Kind.VARIABLE) first = variables[value.name.value] ?? defaults.get(value.name.value) ?? FIRST.default;
  return typeof first === 'number' && Number.isFinite(first) ? Math.max(1, Math.min(Math.trunc(first), FIRST.max)) : FIRST.default;
};

/**
 * What an operation would cost, with its variables: the number of field values it may resolve,
 * paged lists multiplied by their page size. Run after validation (fields exist, fragments do not
 * cycle). graphql-armor's cost rule reads `first` only when written in the query, so a page size
 * passed as a variable counted as one item.
 */
export const operationCost = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> = {},
): number => {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return 0;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const defaults = new Map(
    (operation.variableDefinitions ?? [])
      .filter((v) => v.defaultValue?.kind === Kind.INT)
      .map((v) => [v.variable.name.value, Number((v.defaultValue as { value: string }).value)]),
  );
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();

  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += 1;
        if (!selection.selectionSet) continue;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        const paged = field?.args.some((a) => a.name === 'first');
        const page = paged ? pageOf(selection.arguments?.find((a) => a.name.value === 'first')?.value, variables, defaults) : 1;
        cost += page * costOf(selection.selectionSet, field ? getNamedType(field.type) : null);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += costOf(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) cost += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root);
};

/** The error an operation over the limit gets (HTTP 400). */
export const tooCostly = (cost: number) =>
  new GraphQLError(
    `this operation could read ${cost.toLocaleString('en')} values, over the limit of ${MAX_QUERY_COST.toLocaleString('en')}: ask for smaller pages (first) or fewer fields and aliases`,
    { extensions: { code: 'QUERY_TOO_COSTLY', http: { status: 400 } } },
  );

/** Refuses an HTTP operation over MAX_QUERY_COST once its variables are known (after validation, before execution). */
export const costLimitPlugin = (schema: GraphQLSchema): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operationName, request }) {
        const cost = operationCost(schema, document, operationName, request.variables ?? {});
        if (cost > MAX_QUERY_COST) throw tooCostly(cost);
      },
    };
  },
});
