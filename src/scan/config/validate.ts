import path from 'node:path';
import type { Node } from 'yaml';
import { ConfigError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../core/severity.ts';
import { mapEntries, readYamlSource, scalarValue, seqItems, type YamlSource } from '../yaml-source.ts';
import { parseDuration } from './duration.ts';
import { parseSize } from './size.ts';
import type { DepsConfig, RulesConfig, ScanConfig } from './types.ts';

type Fail = (line: number, message: string) => never;

interface Ctx {
  readonly source: YamlSource;
  readonly fail: Fail;
  readonly dir: string;
  readonly knownFormats: readonly string[];
}

/**
 * Strict: an unknown key or a wrong type is an error naming `file:line: field`, since a typo
 * in a security config (`failon: low`) must not be silently ignored.
 */
export function parseConfig(text: string, file: string, knownFormats: readonly string[]): ScanConfig {
  const source = readYamlSource(text);
  const fail: Fail = (line, message) => {
    throw new ConfigError(message, { file: displayPath(file), line });
  };
  if (source.error) fail(source.error.line, `invalid YAML: ${source.error.message}`);
  if (source.root === null) return { file };
  const entries =
    mapEntries(source.root, source) ?? fail(source.lineOf(source.root), 'expected a mapping of settings');
  const ctx: Ctx = { source, fail, dir: path.dirname(file), knownFormats };
  const config: Record<string, unknown> = { file };
  for (const e of entries) {
    const reader = READERS[e.key];
    if (!reader) fail(e.line, `${e.key}: unknown setting (known: ${Object.keys(READERS).join(', ')})`);
    config[e.key] = reader?.(e.value, e.key, e.line, ctx);
  }
  return config as ScanConfig;
}

type Reader = (node: Node | null, field: string, line: number, ctx: Ctx) => unknown;

const READERS: Record<string, Reader> = {
  failOn: (node, field, line, ctx) => severity(node, field, line, ctx),
  formats: (node, field, line, ctx) =>
    stringItems(node, field, line, ctx).map(({ value, line: at }) =>
      ctx.knownFormats.includes(value)
        ? value
        : ctx.fail(at, `${field}: unknown format "${value}" (known: ${ctx.knownFormats.join(', ')})`),
    ),
  output: (node, field, line, ctx) => {
    const map = mapEntries(node, ctx.source);
    if (!map) return path.resolve(ctx.dir, string(node, field, line, ctx));
    return Object.fromEntries(
      map.map((e) => {
        if (!ctx.knownFormats.includes(e.key)) ctx.fail(e.line, `${field}.${e.key}: unknown format`);
        return [e.key, path.resolve(ctx.dir, string(e.value, `${field}.${e.key}`, e.line, ctx))];
      }),
    );
  },
  include: (node, field, line, ctx) => stringList(node, field, line, ctx),
  exclude: (node, field, line, ctx) => stringList(node, field, line, ctx),
  policy: (node, field, line, ctx) => stringList(node, field, line, ctx).map((d) => path.resolve(ctx.dir, d)),
  waivers: (node, field, line, ctx) => path.resolve(ctx.dir, string(node, field, line, ctx)),
  baseline: (node, field, line, ctx) => path.resolve(ctx.dir, string(node, field, line, ctx)),
  vex: (node, field, line, ctx) => stringList(node, field, line, ctx).map((f) => path.resolve(ctx.dir, f)),
  sbom: (node, field, line, ctx) => stringList(node, field, line, ctx).map((f) => path.resolve(ctx.dir, f)),
  maxFileSize: (node, field, line, ctx) => {
    const value = scalarValue(node);
    const size = typeof value === 'number' || typeof value === 'string' ? parseSize(value) : undefined;
    return size ?? ctx.fail(line, `${field}: expected a positive size like 10485760 or "10MiB"`);
  },
  rules: (node, field, line, ctx) => rules(node, field, line, ctx),
  deps: (node, field, line, ctx) => deps(node, field, line, ctx),
};

function string(node: Node | null, field: string, line: number, ctx: Ctx): string {
  const value = scalarValue(node);
  return typeof value === 'string' && value !== ''
    ? value
    : ctx.fail(line, `${field}: expected a non-empty string`);
}

/** A list of strings; a single string is accepted as a one-item list. */
function stringList(node: Node | null, field: string, line: number, ctx: Ctx): string[] {
  return stringItems(node, field, line, ctx).map((item) => item.value);
}

function stringItems(
  node: Node | null,
  field: string,
  line: number,
  ctx: Ctx,
): { value: string; line: number }[] {
  const items = seqItems(node);
  if (!items) return [{ value: string(node, field, line, ctx), line }];
  return items.map((item, i) => {
    const at = ctx.source.lineOf(item);
    return { value: string(item, `${field}[${i}]`, at, ctx), line: at };
  });
}

function severity(node: Node | null, field: string, line: number, ctx: Ctx): Severity {
  const value = scalarValue(node);
  return isSeverity(value)
    ? value
    : ctx.fail(
        line,
        `${field}: expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(value ?? null)}`,
      );
}

function rules(node: Node | null, field: string, line: number, ctx: Ctx): RulesConfig {
  const entries =
    mapEntries(node, ctx.source) ??
    ctx.fail(line, `${field}: expected a mapping with disable and/or severity`);
  let disable: string[] = [];
  const overrides: Record<string, Severity> = {};
  for (const e of entries) {
    if (e.key === 'disable') disable = stringList(e.value, `${field}.disable`, e.line, ctx);
    else if (e.key === 'severity') {
      const map =
        mapEntries(e.value, ctx.source) ??
        ctx.fail(e.line, `${field}.severity: expected a mapping RULE-ID: severity`);
      for (const o of map) overrides[o.key] = severity(o.value, `${field}.severity.${o.key}`, o.line, ctx);
    } else ctx.fail(e.line, `${field}.${e.key}: unknown setting (known: disable, severity)`);
  }
  return { disable, severity: overrides };
}

function deps(node: Node | null, field: string, line: number, ctx: Ctx): DepsConfig {
  const entries =
    mapEntries(node, ctx.source) ?? ctx.fail(line, `${field}: expected a mapping with db and/or maxAge`);
  const config: { db?: string; maxAgeMs?: number } = {};
  for (const e of entries) {
    if (e.key === 'db') config.db = path.resolve(ctx.dir, string(e.value, `${field}.db`, e.line, ctx));
    else if (e.key === 'maxAge') {
      const value = scalarValue(e.value);
      config.maxAgeMs =
        (typeof value === 'string' ? parseDuration(value) : undefined) ??
        ctx.fail(
          e.line,
          `${field}.maxAge: expected a duration like 7d, 12h or 30m, got ${JSON.stringify(value ?? null)}`,
        );
    } else ctx.fail(e.line, `${field}.${e.key}: unknown setting (known: db, maxAge)`);
  }
  return config;
}
