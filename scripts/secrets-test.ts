/**
 * Runs the built-in (or given) secret rules against their fixtures:
 * `npx tsx scripts/secrets-test.ts [rules/secrets]`. Prints per-rule failures, then
 * `N passed, N failed`; exit 1 when any rule fails.
 */
import { BUILTIN_SECRETS_DIR } from '../src/secrets/load.ts';
import { formatFixtureReport, runSecretFixtures } from '../src/secrets/testing/fixtures.ts';

const dir = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? BUILTIN_SECRETS_DIR;
const report = runSecretFixtures(dir);
console.log(formatFixtureReport(report));
process.exitCode = report.failed > 0 ? 1 : 0;
