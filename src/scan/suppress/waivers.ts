import { readFile } from 'node:fs/promises';
import type { Node } from 'yaml';
import { SuppressionError } from '../../core/errors.ts';
import { mapEntries, readYamlSource, scalarValue, seqItems, type YamlSource } from '../yaml-source.ts';
import { isIsoDate } from './date.ts';
import type { Waiver } from './types.ts';

const FIELDS = new Set(['rule', 'path', 'resource', 'reason', 'owner', 'expires']);

/** Reads `.rampart/waivers.yaml`; `display` is the path shown in errors and expired-waiver findings. */
export async function loadWaivers(absPath: string, display: string): Promise<Waiver[]> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (error) {
    throw new SuppressionError('E_WAIVER_INVALID', `cannot read waivers file (${String(error)})`, {
      file: display,
      cause: error,
    });
  }
  return parseWaivers(text, display);
}

/**
 * Either a top-level list or `{ waivers: [...] }`. Strict: an unknown field, a missing reason or
 * a bad date is an error naming `file:line: field`, because a waiver that silently does not
 * apply (or applies forever) is worse than a failed build.
 */
export function parseWaivers(text: string, file: string): Waiver[] {
  const source = readYamlSource(text);
  const fail = (line: number, message: string): never => {
    throw new SuppressionError('E_WAIVER_INVALID', message, { file, line });
  };
  if (source.error) fail(source.error.line, `invalid YAML: ${source.error.message}`);
  if (source.root === null) return [];
  let list = seqItems(source.root);
  let prefix = '';
  if (!list) {
    const top = mapEntries(source.root, source);
    const entry = top?.find((e) => e.key === 'waivers');
    const extra = top?.find((e) => e.key !== 'waivers');
    if (extra) fail(extra.line, `${extra.key}: unknown field (expected a list, or a "waivers:" list)`);
    if (!entry) return fail(source.lineOf(source.root), 'expected a list of waivers or a "waivers:" key');
    if (entry.value === null) return [];
    list = seqItems(entry.value) ?? fail(entry.line, 'waivers: must be a list');
    prefix = 'waivers';
  }
  return list.map((item, index) => parseWaiver(item, `${prefix}[${index}]`, source, file, fail));
}

function parseWaiver(
  node: Node | null,
  where: string,
  source: YamlSource,
  file: string,
  fail: (line: number, message: string) => never,
): Waiver {
  const line = source.lineOf(node);
  const entries = mapEntries(node, source) ?? fail(line, `${where}: must be a mapping with rule, reason…`);
  const fields: Record<string, string> = {};
  const lines: Record<string, number> = {};
  for (const e of entries) {
    if (!FIELDS.has(e.key))
      fail(e.line, `${where}.${e.key}: unknown field (allowed: ${[...FIELDS].join(', ')})`);
    const value = scalarValue(e.value);
    if (typeof value !== 'string' || value.trim() === '')
      fail(e.line, `${where}.${e.key}: must be a non-empty string`);
    fields[e.key] = (value as string).trim();
    lines[e.key] = e.line;
  }
  if (!fields.rule) fail(line, `${where}.rule: required (the rule id to waive, or "*")`);
  if (!fields.reason) fail(line, `${where}.reason: required (say why the risk is accepted)`);
  if (!fields.path && !fields.resource) fail(line, `${where}: needs path (glob) and/or resource`);
  if (fields.expires !== undefined && !isIsoDate(fields.expires)) {
    fail(lines.expires ?? line, `${where}.expires: "${fields.expires}" is not a date (use YYYY-MM-DD)`);
  }
  return {
    rule: fields.rule as string,
    reason: fields.reason as string,
    ...(fields.path ? { path: fields.path } : {}),
    ...(fields.resource ? { resource: fields.resource } : {}),
    ...(fields.owner ? { owner: fields.owner } : {}),
    ...(fields.expires ? { expires: fields.expires } : {}),
    file,
    line,
  };
}
