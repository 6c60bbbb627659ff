import { readFileSync } from 'node:fs';
import { buildSchema, type DocumentNode, getNamedType, isObjectType, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cacheKeys } from '../src/core/client';
import * as documents from '../src/gql/graphql';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);

/** Every object type a document selects fields of. */
const selectedTypes = (document: DocumentNode): Set<string> => {
  const types = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet() {
        const type = getNamedType(typeInfo.getType());
        if (type && isObjectType(type) && !roots.has(type.name)) types.add(type.name);
      },
    }),
  );
  return types;
};

describe('graphcache keys', () => {
  it('cover every object type the portal reads that has no id field', () => {
    const read = new Set<string>();
    for (const value of Object.values(documents)) {
      if (typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'Document') {
        for (const type of selectedTypes(value as DocumentNode)) read.add(type);
      }
    }
    expect(read.size).toBeGreaterThan(10);
    const unkeyed = [...read].filter((name) => {
      const type = schema.getType(name);
      return isObjectType(type) && !('id' in type.getFields()) && !(name in cacheKeys);
    });
    expect(unkeyed, 'add these to cacheKeys in src/core/client.ts (by(field) or embedded)').toEqual([]);
  });
});
