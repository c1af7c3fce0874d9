import type { Finding } from '../core/finding.ts';
import { fingerprint } from '../core/fingerprint.ts';
import type { RuleMetadata } from '../core/rule.ts';
import type { SecretMatch, SecretRuleSpec } from './types.ts';

/** A commit a history finding was introduced in. */
export interface CommitInfo {
  readonly sha: string;
  readonly author: string;
  readonly email: string;
  /** ISO 8601 author date. */
  readonly date: string;
}

const DEFAULT_WHY =
  'A credential committed to a repository can be read by everyone with access to the code, its forks, ' +
  'backups and build logs, and stays in git history after the line is deleted.';
const DEFAULT_FIX =
  'Revoke or rotate the credential at its provider first, then remove it from the code (and history) and ' +
  'load it at run time from the environment or a secrets manager.';

/** The same metadata fields every engine reports (table, JSON, SARIF, JUnit). */
export function secretRuleMetadata(rule: SecretRuleSpec): RuleMetadata {
  return {
    id: rule.id,
    title: rule.description,
    severity: rule.severity ?? 'high',
    description: rule.description,
    why: rule.why ?? DEFAULT_WHY,
    fix: rule.fix ?? DEFAULT_FIX,
    references: rule.references,
    // OWASP CI/CD-SEC-6: insufficient credential hygiene; NIST IA-5: authenticator management.
    frameworks: { 'owasp-cicd': ['CICD-SEC-6'], 'nist-800-53': ['IA-5'] },
    aliases: {},
    tags: ['secret', ...rule.tags],
  };
}

/**
 * A finding never holds the secret: only the redacted preview and hash. The fingerprint hashes
 * rule, file and secret hash (not line, not commit) so baselines survive moves and rewrites.
 */
export function secretFinding(
  rule: RuleMetadata,
  match: SecretMatch,
  file: string,
  commit?: CommitInfo,
  line?: { readonly line: number; readonly endLine: number },
): Finding {
  const start = line?.line ?? match.line;
  const end = line?.endLine ?? match.endLine;
  const shown =
    match.preview === ''
      ? 'file matches the rule path'
      : `${match.preview} (sha256:${match.secretHash.slice(0, 12)})`;
  const encoded = match.decodedFrom.length > 0 ? `, ${match.decodedFrom.join(' inside ')}-encoded` : '';
  const where = commit
    ? ` in commit ${commit.sha.slice(0, 12)} by ${commit.author} <${commit.email}> on ${commit.date}`
    : '';
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    kind: 'violation',
    message: `${rule.title}: ${shown}${encoded}${where}`,
    location: {
      file,
      range: { start: { line: start, column: match.column }, end: { line: end, column: match.endColumn } },
      ...(commit ? { resource: { kind: 'commit', name: commit.sha.slice(0, 12), address: commit.sha } } : {}),
    },
    why: rule.why,
    fix: rule.fix,
    references: rule.references,
    frameworks: rule.frameworks,
    tags: rule.tags,
    analyzer: 'secrets',
    fingerprint: fingerprint([rule.id, file, match.secretHash]),
  };
}
