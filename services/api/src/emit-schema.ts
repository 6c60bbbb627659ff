// Writes schema/schema.graphql from the resolvers: `npm run schema -w @tandem/api`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTandemSchema, printTandemSchema } from './schema';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, printTandemSchema(await buildTandemSchema()));
  console.log(`wrote ${SCHEMA_FILE}`);
}
