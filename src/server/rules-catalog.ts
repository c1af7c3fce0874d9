/**
 * The built-in rules as one searchable catalog for the web UI (docs/server.md §Rules catalog):
 * policy rules (rules/policy, through the policy analyzer's loader), secrets rules (rules/secrets,
 * through the secrets analyzer) and Sigma detection rules (rules/sigma, through the detect
 * engine's loader — the same code paths `rampart rules list` and `rampart detect` use).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FrameworkMappings, isFrameworkId } from '../core/framework.ts';
import type { Severity } from '../core/severity.ts';
import { attackIds } from '../detect/attack.ts';
import { loadRules as loadSigmaRules } from '../detect/load.ts';
import type { SigmaLevel } from '../detect/types.ts';
import { policyRules, secretsRules, yieldToEventLoop } from './rules-catalog-sources.ts';

export const RULE_KINDS = ['policy', 'secrets', 'sigma'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface CatalogRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: RuleKind;
  readonly description: string;
  /** Why the problem matters (Sigma rules: their description). */
  readonly why: string;
  /** How to fix it (Sigma rules have none: empty). */
  readonly fix: string;
  readonly references: readonly string[];
  readonly frameworks: FrameworkMappings;
  readonly tags: readonly string[];
  /** Policy rules: the input type they match (kubernetes, terraform, …). */
  readonly input?: string;
  /** Sigma rules: MITRE ATT&CK ids from their tags. */
  readonly attack?: readonly string[];
  /** Sigma rules: the log source they read. */
  readonly logsource?: Readonly<Record<string, string>>;
  /** Sigma rules: known false positives. */
  readonly falsePositives?: readonly string[];
}

export interface RuleQuery {
  /** Case-insensitive words; every word must occur in the id, title, description, tags or controls. */
  readonly q?: string;
  readonly kind?: RuleKind;
  readonly severity?: Severity;
  /** Only rules mapped to this framework id. */
  readonly framework?: string;
}

export interface RuleSources {
  /** Folder of the built-in Sigma rules (default rules/sigma). */
  readonly sigmaDir?: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BUILTIN_SIGMA_DIR = path.resolve(HERE, '../../rules/sigma');
/** Sub-folders of rules/sigma that hold something other than rules. */
const SIGMA_NOT_RULES = new Set(['pipelines', 'fixtures']);
const SIGMA_SEVERITY: Readonly<Record<SigmaLevel, Severity>> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};
const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Loads on first use (or at warm()) and keeps the result; a failed load is retried on the next
 * call. Building it reads metadata only (rules-catalog-sources.ts): ~0.1 s of work, yielding
 * between files, where compiling every policy rule's CEL took over a second in one block.
 */
export class RulesCatalog {
  readonly #sources: RuleSources;
  #loading: Promise<ReadonlyMap<string, CatalogRule>> | undefined;

  constructor(sources: RuleSources = {}) {
    this.#sources = sources;
  }

  async search(query: RuleQuery = {}): Promise<CatalogRule[]> {
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const out: CatalogRule[] = [];
    for (const rule of (await this.#rules()).values()) {
      if (query.kind && rule.kind !== query.kind) continue;
      if (query.severity && rule.severity !== query.severity) continue;
      if (query.framework && !isFrameworkId(query.framework)) continue;
      if (query.framework && !rule.frameworks[query.framework as keyof FrameworkMappings]) continue;
      if (words.length > 0) {
        const text = searchText(rule);
        if (!words.every((w) => text.includes(w))) continue;
      }
      out.push(rule);
    }
    return out.sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }

  /**
   * Starts loading in the background (the server calls it once listening), so the first
   * GET /api/rules finds the catalog built. A failure is reported to `onError` and retried by the
   * next request.
   */
  warm(onError: (error: unknown) => void = () => undefined): void {
    this.#rules().catch(onError);
  }

  async get(id: string): Promise<CatalogRule | undefined> {
    return (await this.#rules()).get(id);
  }

  #rules(): Promise<ReadonlyMap<string, CatalogRule>> {
    this.#loading ??= loadAll(this.#sources).catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }
}

function searchText(rule: CatalogRule): string {
  const controls = Object.entries(rule.frameworks).flatMap(([f, ids]) => [f, ...(ids ?? [])]);
  return [rule.id, rule.title, rule.description, rule.kind, ...rule.tags, ...controls, ...(rule.attack ?? [])]
    .join('\n')
    .toLowerCase();
}

async function loadAll(sources: RuleSources): Promise<ReadonlyMap<string, CatalogRule>> {
  const byId = new Map<string, CatalogRule>();
  const add = (rule: CatalogRule) => {
    // Ids are unique within an engine (its loader rejects duplicates); across engines the first wins.
    if (!byId.has(rule.id)) byId.set(rule.id, rule);
  };
  for (const rule of await policyRules()) add(rule);
  await yieldToEventLoop();
  for (const rule of secretsRules()) add(rule);
  await yieldToEventLoop();
  for (const rule of sigmaRules(sources.sigmaDir ?? BUILTIN_SIGMA_DIR)) add(rule);
  return byId;
}

function sigmaRules(dir: string): CatalogRule[] {
  const files = yamlFiles(dir).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const loaded = loadSigmaRules(files);
  if (loaded.rejected.length > 0) {
    const first = loaded.rejected[0];
    throw new Error(
      `Sigma rules in ${dir}: ${loaded.rejected.length} rejected, first ${first?.origin.file}:${first?.origin.line}: ${first?.reason}`,
    );
  }
  const out: CatalogRule[] = [];
  const entries = [
    ...loaded.rules.map((r) => ({
      ...r,
      logsource: { ...r.logsource },
      description: (r.description ?? '').trim(),
    })),
    ...loaded.correlations.map((c) => ({
      id: c.id,
      title: c.title,
      level: c.level,
      tags: c.tags,
      attack: attackIds(c.tags),
      logsource: {},
      description: c.description?.trim() ?? `Correlation (${c.type}) of ${c.refs.join(', ')}`,
      references: c.references,
      falsePositives: c.falsePositives,
    })),
  ];
  for (const r of entries) {
    // A rule without an id cannot be linked to; the built-in ones all have one (rules/sigma tests).
    if (r.id === undefined) continue;
    out.push({
      id: r.id,
      title: r.title,
      severity: SIGMA_SEVERITY[r.level ?? 'medium'],
      kind: 'sigma',
      description: r.description,
      why: r.description,
      fix: '',
      references: r.references,
      frameworks: {},
      tags: r.tags,
      attack: r.attack,
      logsource: r.logsource,
      falsePositives: r.falsePositives,
    });
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return SIGMA_NOT_RULES.has(e.name) ? [] : yamlFiles(full);
      return /\.ya?ml$/i.test(e.name) ? [full] : [];
    })
    .sort();
}
