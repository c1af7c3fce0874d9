import path from 'node:path';
import type { Finding } from '../core/finding.ts';
import type { InputDocument, InputFile, InputParser, ParseProblem } from '../inputs/document.ts';
import type { PolicyEngine } from './engine.ts';
import {
  type AggregateOutcome,
  readsDocumentsOnlyThroughAggregates,
  sameOutcome,
} from './eval/aggregates.ts';
import type { EvalStats } from './eval/evaluate-rule.ts';
import { emptyStats } from './eval/evaluate-rule.ts';
import { parseErrorFinding } from './eval/findings.ts';
import type { CompiledRule } from './types.ts';

interface GroupState {
  readonly parser: InputParser;
  readonly files: Set<string>;
  documents: readonly InputDocument[];
  problems: readonly ParseProblem[];
  /** Findings of single-document rules over this group's documents. */
  findings: readonly Finding[];
  /** Findings of rules that read other documents only through aggregates, over this group. */
  aggregateFindings: readonly Finding[];
}

/**
 * Incremental policy evaluation for watch mode and the LSP: keeps documents and findings per
 * parse group (one file, or one directory for parsers with parseMany such as Terraform) and on
 * `update` re-parses and re-evaluates only the groups that changed; cross-document rules are
 * re-run over all cached documents because any file may change their outcome.
 */
export class PolicySession {
  private readonly files = new Map<string, InputFile>();
  private readonly groupOf = new Map<string, string>();
  private readonly groups = new Map<string, GroupState>();
  private crossFindings: readonly Finding[] = [];
  private lastStats: EvalStats = emptyStats();
  /**
   * Cross-document rules that see other documents only through their aggregates: while their
   * aggregate values stay the same, only changed groups are re-evaluated for them.
   */
  private readonly viaAggregates: ReadonlySet<CompiledRule>;
  private lastAggregates = new Map<CompiledRule, AggregateOutcome>();

  constructor(
    private readonly engine: PolicyEngine,
    private readonly parsers: readonly InputParser[],
  ) {
    this.viaAggregates = new Set(engine.rules.filter(readsDocumentsOnlyThroughAggregates));
  }

  /** Parser that claims the file (first `accepts` wins); undefined when none does. */
  parserFor(file: InputFile): InputParser | undefined {
    return this.parsers.find((p) => {
      try {
        return p.accepts(file);
      } catch {
        return false;
      }
    });
  }

  /** Applies changed and removed files and returns every current finding. */
  update(changed: readonly InputFile[], removed: readonly string[] = []): Finding[] {
    const dirty = new Set<string>();
    for (const file of removed) {
      const key = this.groupOf.get(file);
      if (key) dirty.add(key);
      this.files.delete(file);
      this.groupOf.delete(file);
      const group = key ? this.groups.get(key) : undefined;
      group?.files.delete(file);
    }
    for (const file of changed) {
      const previous = this.groupOf.get(file.path);
      if (previous) {
        dirty.add(previous);
        this.groups.get(previous)?.files.delete(file.path);
        this.groupOf.delete(file.path);
      }
      this.files.set(file.path, file);
      const parser = this.parserFor(file);
      if (!parser) continue;
      // Parsers whose meaning crosses files (Terraform variables) parse a directory together.
      const key = parser.parseMany
        ? `${parser.type}\u0000${path.posix.dirname(file.path)}`
        : `${parser.type}\u0000${file.path}`;
      let group = this.groups.get(key);
      if (!group) {
        group = {
          parser,
          files: new Set(),
          documents: [],
          problems: [],
          findings: [],
          aggregateFindings: [],
        };
        this.groups.set(key, group);
      }
      group.files.add(file.path);
      this.groupOf.set(file.path, key);
      dirty.add(key);
    }

    const stats = emptyStats();
    const reparsed: GroupState[] = [];
    for (const key of dirty) {
      const group = this.groups.get(key);
      if (!group) continue;
      if (group.files.size === 0) {
        this.groups.delete(key);
        continue;
      }
      const inputs = [...group.files].sort().map((p) => this.files.get(p) as InputFile);
      const parsed = parseGroup(group.parser, inputs);
      group.documents = parsed.documents;
      group.problems = parsed.problems;
      group.findings = [];
      reparsed.push(group);
    }
    // One engine run over every re-parsed group, not one per group (a scan has thousands of
    // one-file groups); findings go back to their group by file.
    const single = this.engine.evaluate(
      reparsed.flatMap((g) => g.documents),
      { rules: 'single' },
    );
    for (const [group, list] of byGroup(single.findings, reparsed)) group.findings = list;
    addStats(stats, single.stats);
    const all = [...this.groups.values()].flatMap((g) => g.documents);
    const viaAggregates = this.viaAggregates;
    if (this.engine.rules.some((r) => r.crossDocument && !viaAggregates.has(r))) {
      const cross = this.engine.evaluate(all, { rules: 'cross', only: (r) => !viaAggregates.has(r) });
      this.crossFindings = cross.findings;
      addStats(stats, { ...cross.stats, documents: 0 });
    }
    if (viaAggregates.size > 0) this.updateAggregateRules(all, dirty, stats);
    stats.documents = all.length;
    this.lastStats = stats;
    return this.findings();
  }

  /**
   * Rules that read other documents only through aggregates: recompute the aggregates over
   * every document (once per rule), then re-evaluate dirty groups, and every group only for
   * the rules whose aggregate values changed.
   */
  private updateAggregateRules(
    all: readonly InputDocument[],
    dirty: ReadonlySet<string>,
    stats: EvalStats,
  ): void {
    const outcomes = this.engine.aggregates(all, [...this.viaAggregates]);
    const changed = new Set<CompiledRule>();
    for (const [rule, outcome] of outcomes) {
      const before = this.lastAggregates.get(rule);
      if (!before || !sameOutcome(before, outcome)) changed.add(rule);
    }
    this.lastAggregates = outcomes;
    const changedIds = new Set([...changed].map((r) => r.id));
    // Two engine runs at most (not one per group: a scan has thousands of one-file groups);
    // findings go back to their group by the file of the document they are about.
    const whole: GroupState[] = [];
    const partial: GroupState[] = [];
    for (const [key, group] of this.groups) {
      if (dirty.has(key)) {
        whole.push(group);
        group.aggregateFindings = [];
      } else if (changed.size > 0) {
        partial.push(group);
        group.aggregateFindings = group.aggregateFindings.filter((f) => !changedIds.has(f.ruleId));
      }
    }
    const run = (groups: readonly GroupState[], only: (rule: CompiledRule) => boolean) => {
      if (groups.length === 0) return;
      const docs = groups.flatMap((g) => g.documents);
      const result = this.engine.evaluate(docs, { rules: 'cross', only, aggregates: outcomes });
      for (const [group, list] of byGroup(result.findings, groups)) {
        group.aggregateFindings = [...group.aggregateFindings, ...list];
      }
      addStats(stats, { ...result.stats, documents: 0 });
    };
    run(whole, (r) => this.viaAggregates.has(r));
    run(partial, (r) => changed.has(r));
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const group of this.groups.values()) {
      out.push(...group.problems.map(parseErrorFinding), ...group.findings, ...group.aggregateFindings);
    }
    out.push(...this.crossFindings);
    return out;
  }

  documents(): InputDocument[] {
    return [...this.groups.values()].flatMap((g) => g.documents);
  }

  /** Counters of the last update (only re-evaluated groups count as evaluations). */
  stats(): Readonly<EvalStats> {
    return this.lastStats;
  }
}

/**
 * Findings of one engine run over several groups, split back by group. Policy findings carry
 * their document's file, and a document's file belongs to exactly one group.
 */
function byGroup(findings: readonly Finding[], groups: readonly GroupState[]): Map<GroupState, Finding[]> {
  const groupOfFile = new Map<string, GroupState>();
  for (const group of groups) for (const doc of group.documents) groupOfFile.set(doc.file, group);
  const out = new Map<GroupState, Finding[]>();
  for (const f of findings) {
    const group = groupOfFile.get(f.location.file ?? '');
    if (!group) continue;
    let list = out.get(group);
    if (!list) {
      list = [];
      out.set(group, list);
    }
    list.push(f);
  }
  return out;
}

function addStats(into: EvalStats, from: EvalStats): void {
  into.documents += from.documents;
  into.evaluations += from.evaluations;
  into.violations += from.violations;
  into.unknownSuppressed += from.unknownSuppressed;
  into.evaluationErrors += from.evaluationErrors;
}

/** Parsers must not throw; if one does, the files become parse problems and the scan goes on. */
function parseGroup(
  parser: InputParser,
  files: readonly InputFile[],
): { documents: InputDocument[]; problems: ParseProblem[] } {
  const documents: InputDocument[] = [];
  const problems: ParseProblem[] = [];
  const run = (
    fn: () => { documents: readonly InputDocument[]; problems: readonly ParseProblem[] },
    file: string,
  ) => {
    try {
      const r = fn();
      documents.push(...r.documents);
      problems.push(...r.problems);
    } catch (error) {
      problems.push({ file, message: `the ${parser.type} parser failed: ${(error as Error).message}` });
    }
  };
  if (parser.parseMany)
    run(() => (parser.parseMany as NonNullable<InputParser['parseMany']>)(files), files[0]?.path ?? '');
  else for (const f of files) run(() => parser.parse(f), f.path);
  return { documents, problems };
}
