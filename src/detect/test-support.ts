/** Test helpers: compile one rule from YAML text and ask whether events match it. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { type LoadOptions, loadRules } from './load.ts';
import type { SigmaRule } from './rule.ts';
import type { SigmaEvent } from './types.ts';

export function ruleFrom(detectionYaml: string, options: LoadOptions = {}): SigmaRule {
  const text = `title: t\nid: 00000000-0000-0000-0000-000000000001\nlogsource: {product: test}\ndetection:\n${detectionYaml
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const r = loadRules([{ file: 'test.yml', text }], options);
  const rule = r.rules[0];
  if (!rule) throw new Error(`rule rejected: ${r.rejected.map((x) => x.reason).join('; ')}`);
  return rule;
}

/** The rejection reason, or undefined when the rule loads. */
export function rejectionOf(detectionYaml: string, options: LoadOptions = {}): string | undefined {
  try {
    ruleFrom(detectionYaml, options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function matches(rule: SigmaRule, event: SigmaEvent, keywordFields?: readonly string[]): boolean {
  return evaluate(rule.match, new EventView(event), { keywordFields });
}

/** The SigmaHQ rule sets the issue's load and speed figures use, below a SigmaHQ checkout. */
const SIGMAHQ_RULE_SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'] as const;

/** Every `.yml` file of those rule sets below `root`, in directory order. */
export function sigmaHqRuleFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yml')) files.push(p);
    }
  };
  for (const set of SIGMAHQ_RULE_SETS) walk(path.join(root, set));
  return files;
}
