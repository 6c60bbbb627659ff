import { readFileSync } from 'node:fs';
import { type GraphQLNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../src/emit-schema';
import { buildTandemSchema, printTandemSchema } from '../src/schema';

describe('schema/schema.graphql', () => {
  it('is what the resolvers generate (run `npm run schema -w @tandem/api` after changing them)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printTandemSchema(await buildTandemSchema()));
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await buildTandemSchema();
    const missing: string[] = [];
    const check = (type: GraphQLNamedType) => {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) return;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    };
    for (const type of Object.values(schema.getTypeMap())) check(type);
    expect(missing).toEqual([]);
  });
});
