import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Collector } from './collector.ts';
import { excessiveBrackets, excessiveIndent, Lines, MAX_NESTING } from './text.ts';

export interface YamlRoot {
  readonly root: YamlNode | null;
  lineOf(node: YamlNode | null | undefined): number;
}

/** Parses one YAML document with positions; reports a problem and returns undefined when it cannot. */
export function parseYaml(c: Collector, text: string): YamlRoot | undefined {
  const deep = Math.max(excessiveBrackets(text, MAX_NESTING), excessiveIndent(text));
  if (deep >= 0) {
    c.problem('error', 'too-deep', `nesting is deeper than ${MAX_NESTING} levels`, {
      line: new Lines(text).lineOf(deep),
    });
    return undefined;
  }
  // No lockfile writer emits such lines; hostile ones only make the YAML parser slow.
  const long = /[^\n]{65536}/.exec(text);
  if (long) {
    c.problem('error', 'too-large', 'a line is longer than 65536 characters', {
      line: new Lines(text).lineOf(long.index),
    });
    return undefined;
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line;
    c.problem('error', 'syntax', `not valid YAML: ${err.message.split('\n')[0]}`, { line });
    return undefined;
  }
  return {
    root: doc.contents as YamlNode | null,
    lineOf: (node) => (node?.range ? lc.linePos(node.range[0]).line : 0),
  };
}
