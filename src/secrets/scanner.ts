import { lastIndexAtMost } from '../core/sorted.ts';
import { FOLD_HAZARD, KeywordMatcher } from './aho-corasick.ts';
import { Allowlist } from './allowlist.ts';
import { foldsCase, literalAnchors, offsetAnchors, prefixHolds, prefixSets } from './anchors.ts';
import { ENCODED_ALPHABET, MIN_ENCODED_RUN, spansFromRuns } from './decode.ts';
import { shannonEntropy } from './entropy.ts';
import { decodeEscapedLinesAt, ESCAPE_STARTS } from './escapes.ts';
import { HotRules, type HotRulesOptions } from './hot-rules.ts';
import { Occurrences } from './occurrences.ts';
import { redactedPreview, secretHash } from './redact.ts';
import { type ByteMatch, regexFor, type SecretRegex } from './regex.ts';
import type { RequiredRuleSpec, ScanTarget, SecretMatch, SecretRuleSpec, SecretsConfig } from './types.ts';

export interface ScannerOptions {
  /** Levels of base64/hex decoding (0 = off). gitleaks' default depth is similar. */
  readonly maxDecodeDepth?: number;
  /** Matches kept per rule and text: a hostile file cannot produce unbounded output. */
  readonly maxMatchesPerRule?: number;
  /**
   * Run patterns whose matches all start with a known literal only at that literal's occurrences
   * (found by the keyword pass) instead of over the whole text. Same findings; false only for
   * differential tests. Default true.
   */
  readonly anchored?: boolean;
  /** Tuning of the one-pass filter for frequently triggered rules (src/secrets/hot-rules.ts). */
  readonly hotRules?: HotRulesOptions;
}

interface CompiledRule {
  readonly spec: SecretRuleSpec;
  readonly regex: SecretRegex | undefined;
  readonly path: SecretRegex | undefined;
  readonly allowlists: readonly Allowlist[];
  /** gitleaks: generic rules also need a digit in the secret (words are rarely secrets). */
  readonly needsDigit: boolean;
  /** `[[rules.required]]` with rule ids resolved to indexes. */
  readonly required: readonly { readonly index: number; readonly spec: RequiredRuleSpec }[];
  /** Keyword-pass ids of the literals every match starts with (src/secrets/anchors.ts). */
  anchors: readonly number[] | undefined;
  /** Bytes from a match's start to its anchor literal (offsetAnchors; 0 for literalAnchors). */
  anchorOffset: number;
  /** Whether the pattern folds case somewhere (then U+212A / U+017F in a text need the full search). */
  caseless: boolean;
  /**
   * Bytes allowed at each of the first positions of a match (prefixSets), for anchored rules;
   * NOT_YET until the rule first has occurrences (most rules never do in a scan: ~30 ms saved at
   * start, in every worker too).
   */
  prefix: Uint8Array | undefined;
}

/**
 * An anchored attempt (one call into RE2) costs about what a full RE2 pass over this many bytes
 * does: with more occurrences than bytes / this, the whole-text search is used.
 */
const ATTEMPT_BYTES = 256;
/** CompiledRule.prefix before it is computed. */
const NOT_YET = new Uint8Array(0);
/** Anchored rules with fewer occurrences than one per this many bytes bypass the RE2 set (throughSet). */
const SET_WORTH_ATTEMPTS = 2048;

type Where = { line: number; column: number; endLine: number; endColumn: number };

/** A rule's match that passed its checks, in the coordinates of the text scanned. */
interface Found {
  readonly secret: string;
  readonly entropy: number;
  /** Undefined for a path-only rule (the file itself matched). */
  readonly where: Where | undefined;
  /** Byte range of the secret in the text scanned. */
  readonly range: readonly [number, number];
}

/**
 * One text as its rules see it: bytes, line index, anchor occurrences, fold hazard, and each
 * rule's checked matches once computed (SecretScanner.foundBy).
 */
interface TextMatches {
  readonly bytes: Buffer;
  readonly lines: LineIndex;
  readonly target: ScanTarget;
  readonly occurrences: Occurrences;
  readonly foldHazard: boolean;
  memo: Map<number, Found[]> | undefined;
}

const ascending = (a: number, b: number): number => a - b;

/** Byte range in a (decoded) text → where it is written in the file. */
type Locate = (start: number, end: number) => Where;

type Encoding = SecretMatch['decodedFrom'][number];

/** The longest line handed to `regexTarget = "line"` allowlists. */
const MAX_LINE = 64 * 1024;
/** LineIndex.lineText looks this far around a match for its line's ends before using the index. */
const NEAR = 4096;

/**
 * Compiles a resolved config once and scans texts: keyword prefilter (one Aho–Corasick pass),
 * then only the triggered rules' RE2 patterns, entropy, allowlists, and a bounded recursion into
 * base64/hex-encoded runs. Pure: text in, redacted matches out. Never throws on any text.
 */
export class SecretScanner {
  readonly rules: readonly CompiledRule[];
  private readonly matcher: KeywordMatcher;
  /** keyword id → indexes of rules having that keyword. */
  private readonly byKeyword: readonly (readonly number[])[];
  private readonly alwaysRun: readonly number[];
  private readonly global: readonly Allowlist[];
  /** Global allowlists for every rule: one that allows a file's path skips the file. */
  private readonly wholeFile: readonly Allowlist[];
  private readonly maxDecodeDepth: number;
  private readonly maxMatches: number;
  private readonly hot: HotRules;
  /** Ids whose occurrences the keyword pass records: anchors of some rule, and escape starts. */
  private readonly wanted: Uint8Array;
  /** The keyword pass's id for ESCAPE_STARTS (src/secrets/escapes.ts). */
  private readonly escapeId: number;
  /** Byte length of each keyword (anchors are ASCII). */
  private readonly keywordBytes: Int32Array;
  /** Per rule: anchor occurrences and bytes over the texts it was a candidate on (throughSet). */
  private readonly occurrences: Float64Array;
  private readonly candidateBytes: Float64Array;
  /** Scratch: the current text's anchor occurrences by keyword (reused from text to text). */
  private readonly occurrencesOf: Occurrences;
  private sampled = 0;
  /** Scratch of runRules: 1 for the rules selected so far (all zeros between texts). */
  private readonly selectedMark: Uint8Array;
  /** Whether any rule has `[[rules.required]]` (then a text's matches are memoized per rule). */
  private readonly requiredAnywhere: boolean;

  /** Patterns must be valid (the config parser checked them); throws otherwise. */
  constructor(config: SecretsConfig, options: ScannerOptions = {}) {
    const indexOf = new Map(config.rules.map((r, i) => [r.id, i]));
    this.maxDecodeDepth = options.maxDecodeDepth ?? 2;
    this.maxMatches = options.maxMatchesPerRule ?? 100;
    this.global = config.allowlists.map((a) => new Allowlist(a));
    this.wholeFile = this.global.filter((a) => a.spec.targetRules.length === 0);
    // Every field set on every rule, in one order: rules of one shape (one V8 map) keep the
    // scanner's property reads monomorphic; fields added to some rules only (the anchored ones)
    // deoptimized scanText ('wrong map') and had it compiled twice in the first pass.
    this.rules = config.rules.map((spec) => ({
      spec,
      regex: spec.regex !== undefined ? regexFor(spec.regex) : undefined,
      path: spec.path !== undefined ? regexFor(spec.path) : undefined,
      allowlists: [
        ...spec.allowlists.map((a) => new Allowlist(a)),
        ...this.global.filter((a) => a.appliesTo(spec.id)),
      ],
      needsDigit: spec.id.startsWith('generic'),
      // The config loader rejected unknown ids; one slipping through (a hand-built config) is ignored.
      required: (spec.required ?? []).flatMap((r) => {
        const index = indexOf.get(r.id);
        return index === undefined ? [] : [{ index, spec: r }];
      }),
      anchors: undefined,
      anchorOffset: 0,
      caseless: false,
      prefix: undefined,
    }));
    // Anchors join the keyword pass after the rules' keywords (whose ids stay as they were): one
    // pass finds both, and an anchor that is no rule's keyword selects no rule.
    const anchorsOf = this.rules.map((r) => {
      if (options.anchored === false || r.spec.regex === undefined) return undefined;
      const literals = literalAnchors(r.spec.regex);
      return literals ? { literals, offset: 0 } : offsetAnchors(r.spec.regex);
    });
    this.matcher = new KeywordMatcher(
      [...this.rules.flatMap((r) => r.spec.keywords), ...anchorsOf.flatMap((a) => a?.literals ?? [])],
      { sequences: [ESCAPE_STARTS] },
    );
    this.escapeId = this.matcher.keywords.length;
    const idOf = new Map(this.matcher.keywords.map((k, i) => [k, i]));
    this.keywordBytes = Int32Array.from(this.matcher.keywords, (k) => Buffer.byteLength(k, 'utf8'));
    const wanted = new Uint8Array(this.matcher.ids);
    wanted[this.escapeId] = 1;
    anchorsOf.forEach((anchors, i) => {
      if (!anchors) return;
      const rule = this.rules[i] as CompiledRule;
      const ids = anchors.literals.map((a) => idOf.get(a) as number);
      for (const id of ids) wanted[id] = 1;
      rule.anchors = [...new Set(ids)];
      rule.anchorOffset = anchors.offset;
      rule.caseless = foldsCase(rule.spec.regex as string);
      rule.prefix = NOT_YET;
    });
    this.wanted = wanted;
    const byKeyword: number[][] = this.matcher.keywords.map(() => []);
    const always: number[] = [];
    this.rules.forEach((rule, i) => {
      if (rule.spec.keywords.length === 0) always.push(i);
      for (const k of new Set(rule.spec.keywords)) {
        const id = idOf.get(k);
        if (id !== undefined) byKeyword[id]?.push(i);
      }
    });
    this.byKeyword = byKeyword;
    this.alwaysRun = always;
    this.occurrences = new Float64Array(this.rules.length);
    this.candidateBytes = new Float64Array(this.rules.length);
    this.occurrencesOf = new Occurrences(this.matcher.ids);
    this.selectedMark = new Uint8Array(this.rules.length);
    this.requiredAnywhere = this.rules.some((r) => r.required.length > 0);
    this.hot = new HotRules(
      this.rules.map((r) => r.spec.regex),
      options.hotRules,
    );
  }

  /**
   * `text`: the text, or its UTF-8 encoding (what the collector read, when valid UTF-8): bytes are
   * what the engine matches, so handing them over saves encoding the text again.
   */
  scan(text: string | Uint8Array, target: ScanTarget): SecretMatch[] {
    for (const a of this.wholeFile) if (a.allowsWholeFile(target.path, target.commit)) return [];
    const out: SecretMatch[] = [];
    const bytes =
      typeof text === 'string'
        ? Buffer.from(text, 'utf8')
        : Buffer.isBuffer(text)
          ? text
          : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    this.scanText(bytes, target, 0, undefined, [], out);
    return out.length === 0 ? out : dropGenericOverlaps(dedupe(dropDecodedRepeats(out)));
  }

  /** `bytes`: the UTF-8 text (RE2 and the keyword pass both work on bytes). */
  private scanText(
    bytes: Buffer,
    target: ScanTarget,
    depth: number,
    locate: Locate | undefined,
    decodedFrom: readonly Encoding[],
    out: SecretMatch[],
  ): void {
    const decode = depth < this.maxDecodeDepth;
    const runs: number[] = [];
    // Each anchor occurrence and escape start, grouped by id; valid until a decoded text is scanned.
    const occurrences = this.occurrencesOf;
    const ids = this.matcher.findWithRuns(
      bytes,
      decode ? ENCODED_ALPHABET : undefined,
      MIN_ENCODED_RUN,
      decode ? runs : undefined,
      { wanted: this.wanted, out: occurrences },
    );
    const foldHazard = (this.matcher.folds & FOLD_HAZARD) !== 0;
    occurrences.load();
    const lines = LineIndex.ofBuffer(bytes);
    // Most texts hold no keyword at all (62 % of the npm tree's files, most decoded texts): no rule
    // runs, and nothing below is built for them.
    if (ids.length > 0 || this.alwaysRun.length > 0) {
      const text: TextMatches = { bytes, lines, target, occurrences, foldHazard, memo: undefined };
      this.runRules(text, ids, depth, locate, decodedFrom, out);
    }
    if (!decode) return;
    const escaped = decodeEscapedLinesAt(bytes, occurrences.endsOf(this.escapeId));
    const spans = spansFromRuns(bytes, runs);
    if (spans.length === 0 && escaped.length === 0) return;
    const here: Locate = locate ?? ((start, end) => lines.byteSpan(start, end));
    // base64/hex: a finding anywhere inside points at the whole encoded run.
    for (const s of spans) {
      // Located only if something is found in it: locating builds the text's line index.
      let where: Where | undefined;
      this.scanText(
        Buffer.from(s.decoded, 'utf8'),
        target,
        depth + 1,
        () => {
          where ??= here(s.start, s.end);
          return where;
        },
        [...decodedFrom, s.encoding],
        out,
      );
    }
    // Percent / \uXXXX escapes: the line decoded in place, each byte mapped back to its escape.
    for (const line of escaped) {
      this.scanText(
        line.bytes,
        target,
        depth + 1,
        (start, end) => here(line.offsetOf(start), line.offsetOf(end)),
        [...decodedFrom, ...line.kinds],
        out,
      );
    }
  }

  /** The rules a text's keywords select (and those without keywords): their matches, checked. */
  private runRules(
    text: TextMatches,
    ids: readonly number[],
    depth: number,
    locate: Locate | undefined,
    decodedFrom: readonly Encoding[],
    out: SecretMatch[],
  ): void {
    const { bytes, target } = text;
    // The rules selected, ascending: marks in a reused array instead of a Set per text.
    const mark = this.selectedMark;
    const selected: number[] = [];
    for (const i of this.alwaysRun) {
      mark[i] = 1;
      selected.push(i);
    }
    for (const id of ids) {
      const rules = this.byKeyword[id];
      if (rules === undefined) continue;
      for (const r of rules)
        if (mark[r] === 0) {
          mark[r] = 1;
          selected.push(r);
        }
    }
    for (const i of selected) mark[i] = 0;
    if (selected.length > 1) selected.sort(ascending);
    const candidates: number[] = [];
    for (const i of selected) {
      const rule = this.rules[i] as CompiledRule;
      if (rule.spec.skipReport) continue;
      if (rule.path && !rule.path.test(target.path)) continue;
      if (!rule.regex) {
        // A path-only rule reports the file itself (once, not per decoded span).
        if (depth === 0 && this.composite(rule, undefined, text)) this.pathFinding(rule, target, out);
        continue;
      }
      candidates.push(i);
    }
    for (const i of this.throughSet(bytes, candidates, text.occurrences)) {
      const rule = this.rules[i] as CompiledRule;
      for (const found of this.foundBy(i, text)) {
        if (rule.required.length > 0 && !this.composite(rule, found.where, text)) continue;
        out.push({
          ruleId: rule.spec.id,
          ...(locate ? locate(found.range[0], found.range[1]) : (found.where as Where)),
          secretHash: secretHash(found.secret),
          preview: redactedPreview(found.secret),
          entropy: found.entropy,
          decodedFrom,
        });
      }
    }
  }

  /**
   * The candidates that may match, in order: the RE2 set filter (src/secrets/hot-rules.ts) for
   * those that search whole texts or whose anchors occur densely on average, the others as they
   * are. A rule whose anchors are rare (one per 2 KiB or less over the texts it was a candidate
   * on) costs less in its few anchored attempts than the set's pass over the text, and on real
   * code such rules were the only members (ibm_, ://, github…: the set's pass was 13-15 % of the
   * engine on the npm tree). Decided on the average, not per text: per text, rules moved in and
   * out of the set on the keyword-dense generated tree and lost its rejections (+8-13 %).
   */
  private throughSet(
    bytes: Buffer,
    candidates: readonly number[],
    occurrences: Occurrences,
  ): readonly number[] {
    if (candidates.length < 2) return candidates;
    // The averages are sampled (one text in 8): counting occurrences on every keyword-dense text
    // cost more than the set saves there.
    if ((this.sampled++ & 7) === 0) this.sampleOccurrences(bytes, candidates, occurrences);
    const viaSet = candidates.filter((i) => !this.rareAnchors(i));
    if (viaSet.length === candidates.length) return this.hot.filter(bytes, candidates);
    const passed = new Set(viaSet.length > 1 ? this.hot.filter(bytes, viaSet) : viaSet);
    return candidates.filter((i) => passed.has(i) || !viaSet.includes(i));
  }

  private rareAnchors(i: number): boolean {
    return (this.occurrences[i] as number) * SET_WORTH_ATTEMPTS < (this.candidateBytes[i] as number);
  }

  private sampleOccurrences(bytes: Buffer, candidates: readonly number[], occurrences: Occurrences): void {
    for (const i of candidates) {
      const anchors = (this.rules[i] as CompiledRule).anchors;
      if (!anchors) continue;
      let n = 0;
      for (const id of anchors) n += occurrences.count(id);
      this.occurrences[i] = (this.occurrences[i] as number) + n;
      this.candidateBytes[i] = (this.candidateBytes[i] as number) + bytes.length;
    }
  }

  /** Every match of the rule's pattern that passes its checks (no keyword test: callers decide). */
  private ruleMatches(rule: CompiledRule, text: TextMatches): Found[] {
    const { bytes, lines, target } = text;
    if (rule.path && !rule.path.test(target.path)) return [];
    if (!rule.regex) return [{ secret: '', entropy: 0, where: undefined, range: [0, 0] }];
    const found: Found[] = [];
    const starts = this.anchorStarts(rule, text);
    const matches = starts
      ? rule.regex.matchAt(bytes, starts, this.maxMatches)
      : rule.regex.matchAll(bytes, this.maxMatches);
    for (const m of matches) {
      const f = this.check(rule, m, bytes, lines, target);
      if (f) found.push(f);
    }
    return found;
  }

  /**
   * Where the rule's anchored attempts go (ascending, distinct), or undefined when the pattern
   * must search the whole text: no anchors, a fold hazard, or so many occurrences that one
   * pass is cheaper.
   */
  private anchorStarts(rule: CompiledRule, text: TextMatches): number[] | undefined {
    const { bytes, occurrences } = text;
    const anchors = rule.anchors;
    if (!anchors || (rule.caseless && text.foldHazard)) return undefined;
    const starts: number[] = [];
    const most = bytes.length / ATTEMPT_BYTES;
    const offset = rule.anchorOffset;
    if (rule.prefix === NOT_YET) rule.prefix = prefixSets(rule.spec.regex as string);
    const prefix = rule.prefix;
    for (const id of anchors) {
      const back = (this.keywordBytes[id] as number) - 1 + offset;
      for (const end of occurrences.endsOf(id)) {
        const start = end - back;
        // An occurrence too close to the start of the text for a match before it.
        if (start < 0) continue;
        // Bytes no match can start with (`pat` of `path`): no attempt. Exact only without the
        // fold hazard, checked above.
        if (prefix !== undefined && !prefixHolds(bytes, start, prefix)) continue;
        if (starts.length >= most) return undefined;
        starts.push(start);
      }
    }
    // Each anchor's occurrences are in text order; several anchors' are merged here.
    if (anchors.length > 1) starts.sort(ascending);
    return starts;
  }

  /**
   * gitleaks composite rules: a match of a rule with `[[rules.required]]` counts only if every
   * required rule matches in the same text, within `withinLines` lines and `withinColumns`
   * columns of it when those are set (gitleaks compares the matches' first line and column).
   * A path-only rule has no position: it satisfies, or is satisfied by, any position.
   */
  private composite(rule: CompiledRule, where: Where | undefined, text: TextMatches): boolean {
    return rule.required.every(({ index, spec }) =>
      this.foundBy(index, text).some((other) => near(where, other.where, spec)),
    );
  }

  /** Rule i's checked matches in the text, computed once per text (memoized only when reused). */
  private foundBy(i: number, text: TextMatches): Found[] {
    const known = text.memo?.get(i);
    if (known) return known;
    const found = this.ruleMatches(this.rules[i] as CompiledRule, text);
    // Only composite rules ask for a rule's matches twice (as a candidate and as required).
    if (this.requiredAnywhere) {
      text.memo ??= new Map();
      text.memo.set(i, found);
    }
    return found;
  }

  private check(
    rule: CompiledRule,
    m: ByteMatch,
    buffer: Buffer,
    lines: LineIndex,
    target: ScanTarget,
  ):
    | {
        secret: string;
        entropy: number;
        where: { line: number; column: number; endLine: number; endColumn: number };
        range: [number, number];
      }
    | undefined {
    let range: [number, number] | undefined = [m.start, m.end];
    if (m.groups.length > 0) {
      const g = rule.spec.secretGroup;
      range =
        g !== undefined && g > 0 ? m.groups[g - 1] : m.groups.find((r) => r !== undefined && r[1] > r[0]);
      // gitleaks: a requested group that did not participate means no secret.
      if (!range && g !== undefined && g > 0) return undefined;
      range ??= [m.start, m.end];
    }
    const secret = buffer.toString('utf8', range[0], range[1]);
    if (secret.length === 0) return undefined;
    const entropy = shannonEntropy(secret);
    if (rule.spec.entropy !== undefined && rule.spec.entropy > 0 && entropy < rule.spec.entropy)
      return undefined;
    if (rule.needsDigit && !/[0-9]/.test(secret)) return undefined;
    const line = lines.lineText(range[0]);
    // gitleaks' inline marker: teams' existing `// gitleaks:allow` comments keep working.
    if (line.includes('gitleaks:allow')) return undefined;
    if (rule.allowlists.length > 0) {
      const ctx = {
        path: target.path,
        ...(target.commit !== undefined ? { commit: target.commit } : {}),
        secret,
        match: buffer.toString('utf8', m.start, m.end),
        line,
      };
      if (rule.allowlists.some((a) => a.allows(ctx))) return undefined;
    }
    return { secret, entropy, where: lines.byteSpan(range[0], range[1]), range };
  }

  private pathFinding(rule: CompiledRule, target: ScanTarget, out: SecretMatch[]): void {
    const ctx = {
      path: target.path,
      ...(target.commit ? { commit: target.commit } : {}),
      secret: '',
      match: '',
      line: '',
    };
    if (rule.allowlists.some((a) => a.allows(ctx))) return;
    out.push({
      ruleId: rule.spec.id,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      secretHash: secretHash(target.path),
      preview: '',
      entropy: 0,
      decodedFrom: [],
    });
  }
}

function near(a: Where | undefined, b: Where | undefined, spec: RequiredRuleSpec): boolean {
  if (!a || !b) return true;
  if (spec.withinLines !== undefined && Math.abs(a.line - b.line) > spec.withinLines) return false;
  if (spec.withinColumns !== undefined && Math.abs(a.column - b.column) > spec.withinColumns) return false;
  return true;
}

/**
 * Byte offsets → 1-based line/column (columns in UTF-16 units, as editors count). The line starts
 * are listed on the first byteSpan, which only a finding needs; lineText (asked of every match
 * that passes its entropy check) searches around its offset instead.
 */
class LineIndex {
  private startsCache: number[] | undefined;

  private constructor(private readonly buffer: Buffer) {}

  static ofBuffer(buffer: Buffer): LineIndex {
    return new LineIndex(buffer);
  }

  private get starts(): number[] {
    if (!this.startsCache) {
      const starts = [0];
      const buffer = this.buffer;
      for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) starts.push(i + 1);
      this.startsCache = starts;
    }
    return this.startsCache;
  }

  private lineAt(offset: number): number {
    return lastIndexAtMost(this.starts, offset);
  }

  private column(line: number, offset: number): number {
    const start = this.starts[line] as number;
    return this.buffer.toString('utf8', start, offset).length + 1;
  }

  byteSpan(start: number, end: number): { line: number; column: number; endLine: number; endColumn: number } {
    const l1 = this.lineAt(start);
    const l2 = this.lineAt(Math.max(start, end - 1));
    return { line: l1 + 1, column: this.column(l1, start), endLine: l2 + 1, endColumn: this.column(l2, end) };
  }

  /** The line holding `offset`, without its newline, capped at MAX_LINE bytes. */
  lineText(offset: number): string {
    const buffer = this.buffer;
    // Newlines within NEAR bytes: found around the offset; a longer line (minified code) is
    // looked up in the index instead, so a search never rescans a long line per match.
    const before = buffer.subarray(Math.max(0, offset - NEAR), offset).lastIndexOf(10);
    const after = buffer.subarray(offset, offset + NEAR).indexOf(10);
    let start: number;
    let end: number;
    if ((before >= 0 || offset <= NEAR) && (after >= 0 || offset + NEAR >= buffer.length)) {
      start = before >= 0 ? Math.max(0, offset - NEAR) + before + 1 : 0;
      end = after >= 0 ? offset + after : buffer.length;
    } else {
      const line = this.lineAt(offset);
      start = this.starts[line] as number;
      const next = this.starts[line + 1];
      end = next === undefined ? buffer.length : next - 1;
    }
    if (end > start && buffer[end - 1] === 13) end--;
    end = Math.min(end, start + MAX_LINE);
    return this.buffer.toString('utf8', start, end);
  }
}

/**
 * gitleaks' rule: a generic-* finding on the same line as a specific rule's finding whose span
 * covers it is the same secret seen twice; keep the specific one.
 */
function dropGenericOverlaps(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length < 2) return matches;
  return matches.filter(
    (g) =>
      !g.ruleId.startsWith('generic') ||
      !matches.some(
        (s) =>
          !s.ruleId.startsWith('generic') &&
          s.line === g.line &&
          s.column <= g.column &&
          (s.endLine > g.endLine || (s.endLine === g.endLine && s.endColumn >= g.endColumn)),
      ),
  );
}

/**
 * A line decoded in place still holds its plain parts, so a secret written as is, or written with
 * a few escapes that the rule's pattern accepts as they are (`sig=…%2B…` in a SAS URL), is found
 * again "inside" the decoding. A decoded finding of the same rule over the same text as a plain
 * one, or with the same secret (hence the same fingerprint), is that finding.
 */
function dropDecodedRepeats(matches: SecretMatch[]): SecretMatch[] {
  if (!matches.some((m) => m.decodedFrom.length > 0)) return matches;
  const plain = matches.filter((m) => m.decodedFrom.length === 0);
  return matches.filter(
    (m) =>
      m.decodedFrom.length === 0 ||
      !plain.some((p) => p.ruleId === m.ruleId && (p.secretHash === m.secretHash || overlaps(p, m))),
  );
}

function overlaps(a: SecretMatch, b: SecretMatch): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean =>
    l1 < l2 || (l1 === l2 && c1 < c2);
  return before(a.line, a.column, b.endLine, b.endColumn) && before(b.line, b.column, a.endLine, a.endColumn);
}

function dedupe(matches: SecretMatch[]): SecretMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.ruleId}\u0000${m.line}:${m.column}\u0000${m.secretHash}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
