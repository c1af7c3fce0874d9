import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VersionError } from './errors.ts';
import { chainPairs, fixtureFile, readVectors } from './fixtures.ts';
import { compareVersions, isValidVersion, VERSION_ECOSYSTEMS } from './registry.ts';

const SYMBOL = { '-1': '<', '0': '=', '1': '>' } as const;

function symbol(n: number): string {
  return SYMBOL[String(Math.sign(n)) as keyof typeof SYMBOL];
}

for (const ecosystem of VERSION_ECOSYSTEMS) {
  describe(`${ecosystem} version order (${fixtureFile(ecosystem).split('/').pop()})`, () => {
    it('has a vector file with hundreds of checked pairs', () => {
      assert.ok(existsSync(fixtureFile(ecosystem)));
      const pairs = readVectors(ecosystem).flatMap((g) => g.chains.flatMap(chainPairs));
      assert.ok(pairs.length >= 200, `only ${pairs.length} pairs`);
    });

    for (const group of readVectors(ecosystem)) {
      it(group.title, () => {
        const failures: string[] = [];
        for (const chain of group.chains) {
          for (const v of chain.versions) {
            if (!isValidVersion(ecosystem, v)) failures.push(`line ${chain.line}: ${v} rejected`);
            else if (compareVersions(ecosystem, v, v) !== 0)
              failures.push(`line ${chain.line}: ${v} != itself`);
          }
          for (const { a, b, expected } of chainPairs(chain)) {
            if (!isValidVersion(ecosystem, a) || !isValidVersion(ecosystem, b)) continue;
            const ab = compareVersions(ecosystem, a, b);
            const ba = compareVersions(ecosystem, b, a);
            if (ab !== expected || ba !== -expected) {
              failures.push(
                `line ${chain.line}: expected ${a} ${symbol(expected)} ${b}, got ${a} ${symbol(ab)} ${b} and ${b} ${symbol(ba)} ${a}`,
              );
            }
          }
        }
        for (const v of group.invalid) {
          if (isValidVersion(ecosystem, v)) {
            failures.push(`${JSON.stringify(v)} accepted`);
            continue;
          }
          assert.throws(
            () => compareVersions(ecosystem, v, v),
            (error: unknown) =>
              error instanceof VersionError &&
              error.code === 'E_VERSION' &&
              error.ecosystem === ecosystem &&
              error.version === v &&
              error.message.includes(ecosystem) &&
              error.message.includes(JSON.stringify(v)),
          );
        }
        assert.deepEqual(failures, []);
      });
    }
  });
}
