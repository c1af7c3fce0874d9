/**
 * Runs rule tests: `npx tsx scripts/policy-test.ts rules/policy/kubernetes [more dirs]`.
 * Same code as `rampart policy test`. Exit 1 when any rule fails.
 */

import { BUILTIN_RULES_DIR } from '../src/policy/load/load-rules.ts';
import { formatTestReport } from '../src/policy/testing/format.ts';
import { runRuleTests } from '../src/policy/testing/run-tests.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const dirs = args.filter((a) => !a.startsWith('-'));
const report = await runRuleTests(dirs.length > 0 ? dirs : [BUILTIN_RULES_DIR]);
console.log(formatTestReport(report, { verbose }));
process.exitCode = report.failed > 0 ? 1 : 0;
