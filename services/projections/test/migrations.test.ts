import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaSql } from '../src/db/ddl';
import { checkpointTable } from '../src/db/entities';
import { readModelTables } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';

describe.each(kinds)('the checked-in migrations on %s', (kind) => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv(kind, 'proj_migrations');
  });
  afterAll(async () => env?.close());

  it('give exactly the schema MikroORM expects from the entities', async () => {
    const diff = await env.readModels.orm.schema.getUpdateSchemaSQL({ wrap: false });
    // Other parts share the database (the event store in these tests, our migrations table): only our tables count.
    const ours = [...readModelTables, checkpointTable].map((t) => t.name);
    const relevant = diff
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('--') && ours.some((name) => line.includes(`${name}`)) && !line.includes('projection_migrations'));
    expect(relevant).toEqual([]);
  });

  it('run once: opening the database again applies nothing', async () => {
    expect(await env.readModels.migrate()).toEqual([]);
  });

  it('start from the schema the table declarations generate', () => {
    const dialect = kind === 'sqlite' ? 'sqlite' : 'postgres';
    const file = readFileSync(new URL(`../migrations/${dialect}/0001_initial.sql`, import.meta.url), 'utf8');
    expect(file).toContain(schemaSql([...readModelTables, checkpointTable], dialect));
  });
});
