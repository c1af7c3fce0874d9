import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reader for test/fixtures/deps/versions/*.txt (format in that folder's README). Test-only:
 * it lives here rather than under test/ so the vector and property tests share one parser.
 */
export interface VectorGroup {
  readonly title: string;
  readonly chains: readonly VectorChain[];
  readonly invalid: readonly string[];
}

export interface VectorChain {
  readonly line: number;
  readonly versions: readonly string[];
  /** ops[i] relates versions[i] and versions[i + 1]. */
  readonly ops: readonly ('<' | '=' | '>')[];
}

export const FIXTURE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/deps/versions',
);

export function fixtureFile(ecosystem: string): string {
  return path.join(FIXTURE_DIR, `${ecosystem.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}.txt`);
}

export function readVectors(ecosystem: string): VectorGroup[] {
  const groups: { title: string; chains: VectorChain[]; invalid: string[] }[] = [];
  const lines = readFileSync(fixtureFile(ecosystem), 'utf8').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === '') return;
    if (line.startsWith('#')) {
      groups.push({ title: line.slice(1).trim(), chains: [], invalid: [] });
      return;
    }
    const group = groups[groups.length - 1];
    if (!group) throw new Error(`${fixtureFile(ecosystem)}:${index + 1}: vectors before the first # title`);
    if (line.startsWith('invalid: ')) {
      group.invalid.push(line.slice('invalid: '.length));
      return;
    }
    const parts = line.split(/ ([<=>]) /);
    const versions = parts.filter((_, i) => i % 2 === 0);
    const ops = parts.filter((_, i) => i % 2 === 1) as ('<' | '=' | '>')[];
    if (versions.length < 2 || versions.some((v) => v === '' || v.includes(' '))) {
      throw new Error(`${fixtureFile(ecosystem)}:${index + 1}: cannot read ${JSON.stringify(line)}`);
    }
    group.chains.push({ line: index + 1, versions, ops });
  });
  return groups;
}

/**
 * Every pair a chain implies: the expected sign of compare(versions[i], versions[j]), i < j.
 * A chain mixing `<` and `>` implies nothing between the two sides, so those pairs are skipped.
 */
export function chainPairs(chain: VectorChain): { a: string; b: string; expected: -1 | 0 | 1 }[] {
  const out: { a: string; b: string; expected: -1 | 0 | 1 }[] = [];
  for (let i = 0; i < chain.versions.length; i++) {
    for (let j = i + 1; j < chain.versions.length; j++) {
      const between = new Set(chain.ops.slice(i, j).filter((op) => op !== '='));
      if (between.size > 1) continue;
      const expected = between.has('<') ? -1 : between.has('>') ? 1 : 0;
      out.push({ a: chain.versions[i] as string, b: chain.versions[j] as string, expected });
    }
  }
  return out;
}

/** Every version named in an ecosystem's fixture (valid ones only). */
export function fixtureVersions(ecosystem: string): string[] {
  const all = new Set<string>();
  for (const group of readVectors(ecosystem))
    for (const c of group.chains) for (const v of c.versions) all.add(v);
  return [...all];
}
