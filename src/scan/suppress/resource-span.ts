import type { SourceSyntax } from './syntax.ts';
import { isCommentLine } from './syntax.ts';

/**
 * If line `start` (0-based index) begins a resource — a YAML document, a CloudFormation
 * resource under `Resources:`, a Terraform block, a Dockerfile stage — returns the index of its
 * last line; otherwise undefined. Text-based on purpose: the one suppression path must work on
 * any file (server, LSP) without re-running parsers.
 */
export function resourceEnd(
  lines: readonly string[],
  start: number,
  syntax: SourceSyntax,
): number | undefined {
  switch (syntax) {
    case 'yaml':
      return yamlResourceEnd(lines, start);
    case 'hcl':
      return hclBlockEnd(lines, start);
    case 'dockerfile':
      return dockerStageEnd(lines, start);
    default:
      return undefined;
  }
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isDocMarker = (line: string): boolean => /^(---|\.\.\.)(\s|$)/.test(line);
const isBlank = (line: string): boolean => line.trim() === '';

function previousContent(lines: readonly string[], index: number, syntax: SourceSyntax): number {
  let i = index - 1;
  while (i >= 0 && (isBlank(lines[i] ?? '') || isCommentLine(lines[i] ?? '', syntax))) i--;
  return i;
}

function yamlResourceEnd(lines: readonly string[], start: number): number | undefined {
  const line = lines[start] ?? '';
  if (isDocMarker(line)) {
    let end = start + 1;
    while (end < lines.length && !isDocMarker(lines[end] ?? '')) end++;
    return end - 1;
  }
  const indent = indentOf(line);
  const prev = previousContent(lines, start, 'yaml');
  if (indent === 0 && (prev < 0 || isDocMarker(lines[prev] ?? ''))) {
    let end = start;
    while (end + 1 < lines.length && !isDocMarker(lines[end + 1] ?? '')) end++;
    return end;
  }
  // A CloudFormation resource: a key one level under the top-level `Resources:` key.
  if (indent > 0 && /^\s*[^\s#-][^:]*:\s*(#.*)?$/.test(line)) {
    let parent = start - 1;
    while (parent >= 0) {
      const l = lines[parent] ?? '';
      if (!isBlank(l) && !isCommentLine(l, 'yaml') && indentOf(l) < indent) break;
      parent--;
    }
    if (parent >= 0 && /^Resources:\s*(#.*)?$/.test(lines[parent] ?? '')) {
      let end = start;
      for (let i = start + 1; i < lines.length; i++) {
        const l = lines[i] ?? '';
        if (isBlank(l) || isCommentLine(l, 'yaml')) continue;
        if (indentOf(l) <= indent || isDocMarker(l)) break;
        end = i;
      }
      return end;
    }
  }
  return undefined;
}

const HCL_BLOCK = /^(resource|data|module|provider|variable|output|terraform|locals)\b[^{]*\{/;

function hclBlockEnd(lines: readonly string[], start: number): number | undefined {
  if (!HCL_BLOCK.test(lines[start] ?? '')) return undefined;
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    for (const ch of stripHclStringsAndComments(lines[i] ?? '')) {
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return i;
    }
  }
  return lines.length - 1;
}

/** Drops quoted strings and trailing comments so braces inside them are not counted. */
function stripHclStringsAndComments(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
}

function dockerStageEnd(lines: readonly string[], start: number): number | undefined {
  const isFrom = (l: string) => /^\s*FROM\s/i.test(l);
  if (!isFrom(lines[start] ?? '')) return undefined;
  let end = start + 1;
  while (end < lines.length && !isFrom(lines[end] ?? '')) end++;
  return end - 1;
}
