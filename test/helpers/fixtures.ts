import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSchema, type Fixture } from '../../src/engine/parity/fixture.js';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'torch-lstm');

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => fixtureSchema.parse(JSON.parse(readFileSync(path.join(FIXTURE_DIR, f), 'utf8'))));
}
