import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen';

const webDir = fileURLToPath(new URL('..', import.meta.url));

describe('typed documents in src/gql', () => {
  it('match what `npm run codegen -w web` generates from schema/schema.graphql and the documents in src', async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: webDir, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const path = isAbsolute(output.filename) ? output.filename : join(webDir, output.filename);
      const onDisk = readFileSync(path, 'utf8');
      expect(onDisk, `${output.filename} is stale: run \`npm run codegen -w web\` and commit src/gql`).toBe(output.content);
    }
  });
});
