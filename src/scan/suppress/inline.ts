import { isIsoDate } from './date.ts';
import { resourceEnd } from './resource-span.ts';
import { isCommentLine, type SourceSyntax, syntaxOf } from './syntax.ts';
import type { InlineDirective, LineSpan } from './types.ts';

const MARKER = 'rampart:ignore';
/** `# rampart:ignore A,B reason="…" until=…` — also after code on the same line, and `//` in HCL. */
const DIRECTIVE = /(?:#|\/\/)\s*rampart:ignore(?=\s|$)(.*)$/;
const RULE_LIST = /^[A-Za-z0-9_.*-]+(?:\s*,\s*[A-Za-z0-9_.*-]+)*/;
const OPTION = /^([A-Za-z]+)=("(?:[^"\\]|\\.)*"|\S+)/;

/**
 * The marker's tail: Buffer.indexOf runs at memchr speed on a needle's first byte while that byte
 * is rare, and `:` is far rarer in code than `r` (the whole marker searched the npm tree in 19 ms,
 * its tail in 7).
 */
const TAIL = Buffer.from(MARKER.slice(MARKER.indexOf(':')), 'latin1');
const HEAD = Buffer.from(MARKER.slice(0, MARKER.indexOf(':')), 'latin1');

/** False when a file cannot hold a directive (parseInlineDirectives returns none): a cheap filter. */
export function mayHoldInlineDirectives(content: string): boolean {
  return content.includes(MARKER);
}

/**
 * The same filter on a collected file, over its UTF-8 bytes when it has them: a secrets-only
 * scan then never decodes the text of a file without a directive (src/scan/collect/read.ts).
 */
export function fileMayHoldInlineDirectives(file: {
  readonly content: string;
  readonly bytes?: Uint8Array;
}): boolean {
  const bytes = file.bytes;
  if (!bytes) return mayHoldInlineDirectives(file.content);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buffer.indexOf(TAIL, HEAD.length); at >= 0; at = buffer.indexOf(TAIL, at + 1))
    if (buffer.compare(HEAD, 0, HEAD.length, at - HEAD.length, at) === 0) return true;
  return false;
}

/** Every `rampart:ignore` directive in a file. Never throws: malformed ones carry a `problem`. */
export function parseInlineDirectives(path: string, content: string): InlineDirective[] {
  if (!mayHoldInlineDirectives(content)) return [];
  const syntax = syntaxOf(path);
  // Only languages with known comments: docs quoting an example ignore are not ignores.
  if (syntax === 'other') return [];
  const lines = content.split(/\r?\n/);
  const out: InlineDirective[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    if (match[0].startsWith('//') && syntax !== 'hcl') continue;
    const ownLine = isCommentLine(text, syntax);
    const spans = ownLine ? spansBelow(lines, i, syntax) : [{ start: i + 1, end: i + 1 }];
    out.push({ line: i + 1, spans, ...parseBody(match[1] ?? '') });
  }
  return out;
}

type DirectiveBody = Pick<InlineDirective, 'rules' | 'reason' | 'until' | 'problem'>;

function parseBody(body: string): DirectiveBody {
  let rest = body.trim();
  const ruleMatch = RULE_LIST.exec(rest);
  if (!ruleMatch)
    return { rules: [], problem: 'names no rule id (write `rampart:ignore RULE-ID reason="…"`)' };
  const rules = ruleMatch[0].split(',').map((r) => r.trim());
  rest = rest.slice(ruleMatch[0].length).trim();
  const options: Record<string, string> = {};
  while (rest !== '') {
    const opt = OPTION.exec(rest);
    if (!opt) return { rules, problem: `cannot read "${rest}" (expected key=value)` };
    const raw = opt[2] ?? '';
    options[(opt[1] ?? '').toLowerCase()] = raw.startsWith('"') ? unquote(raw) : raw;
    rest = rest.slice(opt[0].length).trim();
  }
  const reason = options.reason?.trim();
  const until = options.until;
  const base = { rules, ...(reason ? { reason } : {}), ...(until !== undefined ? { until } : {}) };
  const unknown = Object.keys(options).filter((k) => k !== 'reason' && k !== 'until');
  if (unknown.length > 0)
    return { ...base, problem: `unknown option ${unknown.join(', ')} (use reason= and until=)` };
  if (!reason) return { ...base, problem: 'has no reason="…"; an ignore without a reason does not suppress' };
  if (until !== undefined && !isIsoDate(until)) {
    return { ...base, problem: `until=${until} is not a date (use YYYY-MM-DD)` };
  }
  return base;
}

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/**
 * A directive on its own line covers the next code line; when that line starts a resource
 * (YAML document, CloudFormation resource, Terraform block, Dockerfile stage) the whole resource.
 */
function spansBelow(lines: readonly string[], index: number, syntax: SourceSyntax): LineSpan[] {
  let next = index + 1;
  while (next < lines.length && (lines[next]?.trim() === '' || isCommentLine(lines[next] ?? '', syntax)))
    next++;
  if (next >= lines.length) return [];
  const end = resourceEnd(lines, next, syntax);
  return [{ start: next + 1, end: (end ?? next) + 1 }];
}
