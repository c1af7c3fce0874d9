/**
 * Regenerates docs/rules.md from the built-in rules: `npx tsx scripts/gen-rules-doc.ts`.
 * Exit 1 (and no write) when a built-in rule does not load: the table must list every rule.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES_DOC, renderRulesDoc } from '../src/policy/docs/rules-doc.ts';
import { BUILTIN_RULES_DIR, loadRules } from '../src/policy/load/load-rules.ts';

const { rules, errors } = await loadRules([BUILTIN_RULES_DIR]);
if (errors.length > 0) {
  for (const e of errors) console.error(e.describe());
  console.error(`${errors.length} rule error(s): ${RULES_DOC} not written`);
  process.exit(1);
}
const target = fileURLToPath(new URL(`../${RULES_DOC}`, import.meta.url));
writeFileSync(target, renderRulesDoc(rules));
console.log(`${RULES_DOC}: ${rules.length} rules`);
