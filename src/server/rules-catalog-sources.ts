/**
 * Where the rules catalog's metadata comes from, read without building engines: policy rules
 * from their YAML (no CEL compiled — the catalog shows text, it never evaluates), secrets rules
 * from the parsed built-in TOML (no scanner built), Sigma rules through the detect loader (which
 * keeps their documentation fields). Every file is read and parsed once. Between files it
 * yields to the event loop, so building the catalog never blocks requests for long.
 * rules-catalog.test.ts checks the result equals what the engines' own loaders give.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type FrameworkMappings, isFrameworkId } from '../core/framework.ts';
import { isSeverity } from '../core/severity.ts';
import { fastLoadYaml } from '../inputs/yaml/fast.ts';
import { BUILTIN_RULES_DIR, findPolicyFiles } from '../policy/load/load-rules.ts';
import { secretRuleMetadata } from '../secrets/findings.ts';
import { loadBuiltinSecrets } from '../secrets/load.ts';
import type { CatalogRule } from './rules-catalog.ts';

/** Lets pending I/O and timers run (a request arriving meanwhile is answered, not queued). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every document of a YAML text as plain values: the fast reader, else the full parser. */
export function yamlDocuments(text: string): unknown[] {
  const fast = fastLoadYaml(text, {}, 200, 10_000);
  if (fast !== undefined) return fast.map((d) => d.value);
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

/**
 * The built-in policy rules' metadata, as the policy loader reads it (same files: every rule.yaml
 * and any YAML holding `kind: PolicyRule`; same fields). The built-ins are validated by the
 * policy tests (src/policy/builtin-rules.test.ts); a document missing a field is skipped here.
 */
export async function policyRules(dir: string = BUILTIN_RULES_DIR): Promise<CatalogRule[]> {
  const out: CatalogRule[] = [];
  for (const file of await findPolicyFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (path.basename(file) !== 'rule.yaml' && !/^kind:\s*["']?PolicyRule/m.test(text)) continue;
    for (const doc of yamlDocuments(text)) {
      const rule = policyRule(doc);
      if (rule) out.push(rule);
    }
    await yieldToEventLoop();
  }
  return out;
}

function policyRule(doc: unknown): CatalogRule | undefined {
  if (!isRecord(doc) || doc.kind !== 'PolicyRule') return undefined;
  const { id, title, severity, description, why, fix } = doc;
  const match = isRecord(doc.match) ? doc.match : {};
  if (
    typeof id !== 'string' ||
    typeof title !== 'string' ||
    typeof severity !== 'string' ||
    !isSeverity(severity) ||
    typeof description !== 'string' ||
    typeof why !== 'string' ||
    typeof fix !== 'string' ||
    typeof match.input !== 'string'
  )
    return undefined;
  return {
    id,
    title,
    severity,
    kind: 'policy',
    description,
    why,
    fix,
    references: strings(doc.references),
    frameworks: frameworks(doc.frameworks),
    tags: strings(doc.tags),
    input: match.input,
  };
}

function frameworks(value: unknown): FrameworkMappings {
  const out: Record<string, readonly string[]> = {};
  if (!isRecord(value)) return out;
  for (const [key, controls] of Object.entries(value))
    if (isFrameworkId(key) && Array.isArray(controls)) out[key] = strings(controls);
  return out as FrameworkMappings;
}

/** The built-in secrets rules' metadata from their parsed TOML, without building a scanner. */
export function secretsRules(): CatalogRule[] {
  return loadBuiltinSecrets().rules.map((spec) => {
    const r = secretRuleMetadata(spec);
    return {
      id: r.id,
      title: r.title,
      severity: r.severity,
      kind: 'secrets',
      description: r.description,
      why: r.why,
      fix: r.fix,
      references: r.references,
      frameworks: r.frameworks,
      tags: r.tags,
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
