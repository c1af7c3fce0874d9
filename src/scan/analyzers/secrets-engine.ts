import type { Finding } from '../../core/finding.ts';
import type { RuleMetadata } from '../../core/rule.ts';
import { type CommitInfo, secretFinding, secretRuleMetadata } from '../../secrets/findings.ts';
import { SecretScanner } from '../../secrets/scanner.ts';
import type { SecretsConfig } from '../../secrets/types.ts';

/**
 * A resolved secrets config and what scans with it. The scanner is built on first use: a scan
 * whose texts run on worker threads needs the rules' metadata here, not a second compiled engine.
 * Shared by the secrets analyzer and its worker (src/scan/workers/secrets-worker.ts), so both
 * turn matches into findings the same way.
 */
export interface SecretsEngine {
  readonly config: SecretsConfig;
  readonly rules: ReadonlyMap<string, RuleMetadata>;
  scanner(): SecretScanner;
}

export function secretsEngine(config: SecretsConfig): SecretsEngine {
  let scanner: SecretScanner | undefined;
  return {
    config,
    rules: new Map(config.rules.map((r) => [r.id, secretRuleMetadata(r)])),
    scanner: () => {
      scanner ??= new SecretScanner(config);
      return scanner;
    },
  };
}

/**
 * One text's findings. `text` is the UTF-8 bytes when the collector kept them (the engine then
 * skips encoding); `lines` maps the text's lines to the file's (git history chunks).
 */
export function scanTextFindings(
  engine: SecretsEngine,
  text: string | Uint8Array,
  file: string,
  commit?: CommitInfo,
  lines?: readonly number[],
): Finding[] {
  const findings: Finding[] = [];
  const target = { path: file, ...(commit ? { commit: commit.sha } : {}) };
  for (const m of engine.scanner().scan(text, target)) {
    const rule = engine.rules.get(m.ruleId);
    if (!rule) continue;
    const mapped = lines
      ? { line: lines[m.line - 1] ?? m.line, endLine: lines[m.endLine - 1] ?? m.endLine }
      : undefined;
    findings.push(secretFinding(rule, m, file, commit, mapped));
  }
  return findings;
}
