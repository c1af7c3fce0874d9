import { regexFor, type SecretRegex } from './regex.ts';
import type { AllowlistSpec } from './types.ts';

/** What an allowlist can look at for one candidate secret. */
export interface AllowContext {
  readonly path: string;
  readonly commit?: string;
  readonly secret: string;
  readonly match: string;
  readonly line: string;
}

/** gitleaks allowlist semantics, compiled once. */
export class Allowlist {
  readonly spec: AllowlistSpec;
  private readonly regexes: SecretRegex[];
  private readonly paths: SecretRegex[];

  /** Patterns were validated when the config was parsed. */
  constructor(spec: AllowlistSpec) {
    this.spec = spec;
    this.regexes = spec.regexes.map((r) => regexFor(r));
    this.paths = spec.paths.map((r) => regexFor(r));
  }

  /** Applies to every rule, or only to `targetRules`. */
  appliesTo(ruleId: string): boolean {
    return this.spec.targetRules.length === 0 || this.spec.targetRules.includes(ruleId);
  }

  /**
   * True when a whole file can be skipped: the allowlist looks only at paths/commits and they
   * allow this one (a cheap check before any regex runs).
   */
  allowsWholeFile(path: string, commit: string | undefined): boolean {
    if (this.spec.regexes.length > 0 || this.spec.stopwords.length > 0) return false;
    return this.decide([this.commitCheck(commit), this.pathCheck(path)]);
  }

  /** OR: any set criterion allows. AND: every set criterion must allow. */
  allows(ctx: AllowContext): boolean {
    return this.decide([
      this.commitCheck(ctx.commit),
      this.pathCheck(ctx.path),
      this.regexes.length === 0 ? undefined : this.regexes.some((r) => r.test(this.target(ctx))),
      this.spec.stopwords.length === 0 ? undefined : containsStopword(ctx.secret, this.spec.stopwords),
    ]);
  }

  private target(ctx: AllowContext): string {
    return this.spec.regexTarget === 'match'
      ? ctx.match
      : this.spec.regexTarget === 'line'
        ? ctx.line
        : ctx.secret;
  }

  private commitCheck(commit: string | undefined): boolean | undefined {
    if (this.spec.commits.length === 0) return undefined;
    return (
      commit !== undefined &&
      this.spec.commits.some((c) => c === commit || (c.length >= 7 && commit.startsWith(c)))
    );
  }

  private pathCheck(path: string): boolean | undefined {
    return this.paths.length === 0 ? undefined : this.paths.some((r) => r.test(path));
  }

  private decide(checks: readonly (boolean | undefined)[]): boolean {
    const set = checks.filter((c): c is boolean => c !== undefined);
    if (set.length === 0) return false;
    return this.spec.condition === 'AND' ? set.every(Boolean) : set.some(Boolean);
  }
}

function containsStopword(secret: string, stopwords: readonly string[]): boolean {
  const lower = secret.toLowerCase();
  return stopwords.some((w) => lower.includes(w));
}
