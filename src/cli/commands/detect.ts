/**
 * `rampart detect --rules PATH... LOGS...`: run Sigma rules over log files (or stdin) in any format
 * of src/detect/logs (auto-detected, or --log-format) and print alerts. Every run first reports
 * "loaded N, rejected M" with each rejection's reason; `--lint` stops there. File reading lives
 * here: the engine in src/detect is pure.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import { UsageError } from '../../core/errors.ts';
import type { Alert } from '../../detect/alert.ts';
import { parseTimespan } from '../../detect/correlation/parse.ts';
import { createDetector, type RuleStats } from '../../detect/detector.ts';
import { formatLoadReport } from '../../detect/load-report.ts';
import { readLogBatches } from '../../detect/logs/read.ts';
import { LOG_FORMAT_NAMES } from '../../detect/logs/registry.ts';
import type { LogProblem } from '../../detect/logs/types.ts';
import { createWindowsLogsource } from '../../detect/logsource.ts';
import { BUILTIN_PIPELINES, formatProblem } from '../../detect/pipelines/builtin.ts';
import { alertsCsv } from '../../detect/report/csv.ts';
import { atOrAbove, LEVELS, parseLevelThreshold } from '../../detect/report/level.ts';
import { renderAlertsSarif } from '../../detect/report/sarif.ts';
import type { Logsource, SigmaLevel } from '../../detect/types.ts';
import { RAMPART_VERSION } from '../../scan/version.ts';
import type { CliIo } from '../io.ts';
import { collectList, collectRepeat } from '../list-option.ts';
import type { CliState } from '../state.ts';
import { loadPipelineArg } from './detect-pipelines.ts';
import { addRuleLoadOptions, filesUnder, loadSigmaRules, type RuleLoadFlags } from './sigma-rules.ts';

interface DetectFlags extends RuleLoadFlags {
  readonly rules: string[];
  readonly format: 'table' | 'json' | 'jsonl' | 'sarif' | 'csv';
  /** Only report alerts at or above this level: `medium` or `>=medium`. */
  readonly level?: string;
  readonly lint?: boolean;
  /** Exit 1 when a reported alert is at or above this level: `high` or `>=high`. */
  readonly failOn?: string;
  readonly keywordFields?: string[];
  readonly routing: boolean;
  readonly logsource?: string;
  readonly stats?: boolean;
  /** Correlations: how far behind the newest event time an event may be (Sigma timespan syntax). */
  readonly allowedLateness?: string;
  /** 'auto' (default: sniffed per file) or a name from src/detect/logs/registry.ts. */
  readonly logFormat?: string;
  /** Processing pipelines: built-in names or YAML files (docs/detect.md §Pipelines). */
  readonly pipeline?: string[];
}

/** How often the TTY progress line may redraw. */
const PROGRESS_EVERY_MS = 250;
const LOG_EXT = /\.(jsonl|ndjson|json|log|txt|gz)$|\.log\.\d+$/i;
/** Malformed lines are counted; only the first few are printed. */
const MAX_PRINTED_BAD_LINES = 20;

export function registerDetect(program: Command, io: CliIo, state: CliState): void {
  const detect = program
    .command('detect')
    .description(
      'run Sigma detection rules over logs (files, folders, or - for stdin; see docs/detect-logs.md)',
    )
    .argument(
      '[logs...]',
      'log files or folders (*.jsonl, *.ndjson, *.json, *.log, *.txt, *.gz); - reads stdin',
    )
    .option('-r, --rules <path>', 'Sigma rule file or folder (repeatable)', collectRepeat, [])
    .addOption(
      new Option('-f, --format <format>', 'alert output')
        .choices(['table', 'json', 'jsonl', 'sarif', 'csv'])
        .default('table'),
    )
    .option('--lint', 'only load the rules and print the load report (exit 1 if any rule is rejected)')
    .option(
      '--level <level>',
      `only report alerts at or above this level: LEVEL or >=LEVEL (${LEVELS.join(', ')})`,
    )
    .option(
      '--fail-on <level>',
      `exit 1 when a reported alert is at or above this level: LEVEL or >=LEVEL (${LEVELS.join(', ')})`,
    )
    .option(
      '--keyword-fields <fields>',
      'restrict keyword (unbound) searches to these fields (comma list)',
      collectList,
    );
  addRuleLoadOptions(detect)
    .option('--no-routing', 'let every rule see every event (no logsource routing)')
    .addOption(
      new Option('--log-format <name>', 'log input format (gzip is always detected)')
        .choices(['auto', ...LOG_FORMAT_NAMES])
        .default('auto'),
    )
    .option(
      '--pipeline <name|file>',
      `processing pipeline, repeatable (built-in: ${BUILTIN_PIPELINES.join(', ')})`,
      collectRepeat,
      [],
    )
    .option('--stats', 'print per-rule evaluations, matches and time to stderr (find expensive rules)')
    .option(
      '--allowed-lateness <span>',
      'correlations: accept events this far behind the newest event time (e.g. 30s, 10m; default 0s)',
    )
    .option(
      '--logsource <spec>',
      'logsource of events the resolver cannot place, e.g. product=linux,service=sshd (default: unknown, seen by every rule)',
    )
    .action(async (logs: string[], flags: DetectFlags) => {
      state.exitCode = await detectAction(logs, flags, io);
    });
}

export async function detectAction(logs: readonly string[], flags: DetectFlags, io: CliIo): Promise<number> {
  if (flags.rules.length === 0) throw new UsageError('detect needs at least one --rules PATH');
  const minLevel = levelFlag('--level', flags.level);
  const failOn = levelFlag('--fail-on', flags.failOn);
  const loaded = loadSigmaRules(flags.rules, flags, io.cwd);
  const pipelines = (flags.pipeline ?? []).map((p) => loadPipelineArg(p, io.cwd));
  for (const w of pipelines.flatMap((p) => p.warnings)) io.err(`warning: ${formatProblem(w)}\n`);
  const report = formatLoadReport(loaded);
  if (flags.lint) {
    io.out(report);
    return loaded.rejected.length > 0 ? 1 : 0;
  }
  io.err(report);
  if (logs.length === 0) throw new UsageError('detect needs log files or - for stdin (or --lint)');

  const lateness = flags.allowedLateness === undefined ? 0 : parseTimespan(flags.allowedLateness);
  if (typeof lateness === 'string')
    throw new UsageError(`--allowed-lateness '${flags.allowedLateness}': use 30s, 10m, 2h or 1d`);
  const detector = createDetector({
    rules: loaded.rules,
    correlations: loaded.correlations,
    pipelines: pipelines.map((p) => p.pipeline),
    options: {
      ...(flags.keywordFields ? { keywordFields: flags.keywordFields } : {}),
      ...(flags.routing ? {} : { logsource: null }),
      ...(flags.stats ? { ruleStats: true } : {}),
      correlation: { allowedLatenessMs: lateness },
    },
  });
  const fallback = flags.logsource === undefined ? undefined : parseLogsourceSpec(flags.logsource);
  const resolve = createWindowsLogsource();
  const alerts: Alert[] = [];
  let bad = 0;
  let reported = 0;
  let failed = false;
  // --level filters what is reported; --fail-on judges only reported alerts, so the exit code
  // never rests on an alert the user cannot see.
  const emit = (a: Alert): void => {
    if (minLevel !== undefined && !atOrAbove(a.level, minLevel)) return;
    reported++;
    if (failOn !== undefined && atOrAbove(a.level, failOn)) failed = true;
    if (flags.format === 'jsonl') io.out(`${JSON.stringify(a)}\n`);
    else alerts.push(a);
  };
  const progress = progressLine(io, () => detector.stats());
  const inputs = logs.flatMap((l) => (l === '-' ? ['-'] : filesUnder([l], LOG_EXT, io.cwd)));
  for (const input of inputs) {
    const stream =
      input === '-' ? Readable.from([Buffer.from(await io.readStdin())]) : createReadStream(input);
    const source = input === '-' ? '<stdin>' : path.relative(io.cwd, input) || input;
    const onProblem = (p: LogProblem): void => {
      if (++bad <= MAX_PRINTED_BAD_LINES) io.err(`${p.file}:${p.line}: skipped: ${p.message}\n`);
    };
    const reading = { file: source, format: flags.logFormat ?? 'auto', onProblem };
    for await (const batch of readLogBatches(stream, reading)) {
      for (const { fields, source: at, logsource: parsed, timestamp: time } of batch) {
        const line = at.line;
        // Parsers that know their logsource (syslog, auditd, CloudTrail…) route directly.
        const logsource = !flags.routing
          ? undefined
          : (parsed ?? (fallback ? (resolve(fields) ?? fallback) : undefined));
        // The parser's event time (when its format has one) drives correlation windows.
        const meta = { source, line, ...(logsource ? { logsource } : {}), ...(time ? { time } : {}) };
        for (const a of detector.push(fields, meta)) emit(a);
      }
      progress?.tick();
    }
  }
  for (const a of detector.flush()) emit(a);
  progress?.done();
  if (flags.format === 'json') io.out(`${JSON.stringify(alerts, null, 2)}\n`);
  if (flags.format === 'table') io.out(renderTable(alerts));
  if (flags.format === 'sarif') io.out(renderAlertsSarif(alerts, RAMPART_VERSION));
  if (flags.format === 'csv') io.out(alertsCsv(alerts));
  const stats = detector.stats();
  if (flags.stats) io.err(renderRuleStats(detector.ruleStats()));
  io.err(
    `${stats.events} events, ${stats.alerts} alerts${minLevel !== undefined ? ` (${reported} at or above ${minLevel})` : ''}${bad > 0 ? `, ${bad} malformed lines skipped` : ''}\n`,
  );
  const c = stats.correlation;
  // Correlation state is bounded: say what was late, untimed or evicted instead of dropping it silently.
  if (c)
    io.err(
      `correlations: ${c.alerts} alerts, ${c.late} late, ${c.untimed} untimed, ${c.missingGroupBy} without group-by field, ${c.evictedGroups} groups and ${c.evictedEntries} entries evicted\n`,
    );
  return failed ? 1 : 0;
}

function levelFlag(flag: string, spec: string | undefined): SigmaLevel | undefined {
  if (spec === undefined) return undefined;
  const level = parseLevelThreshold(spec);
  if (level === undefined)
    throw new UsageError(`${flag} '${spec}': use one of ${LEVELS.join(', ')}, optionally as >=LEVEL`);
  return level;
}

/**
 * A one-line status (events/s, alerts) on stderr, only when stderr is a terminal — never in CI
 * logs or pipes — redrawn at most every PROGRESS_EVERY_MS and erased before the summary.
 */
export function progressLine(
  io: CliIo,
  stats: () => { readonly events: number; readonly alerts: number },
  now: () => number = Date.now,
): { tick(): void; done(): void } | undefined {
  if (!io.stderrIsTTY) return undefined;
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    tick() {
      const t = now();
      if (t - last < PROGRESS_EVERY_MS) return;
      last = t;
      drawn = true;
      const s = stats();
      const rate = Math.round(s.events / Math.max((t - started) / 1000, 0.001));
      io.err(`\r\u001b[2Krampart detect: ${s.events} events (${rate} events/s), ${s.alerts} alerts`);
    },
    done() {
      if (drawn) io.err('\r\u001b[2K');
    },
  };
}

function parseLogsourceSpec(spec: string): Logsource {
  const out: { product?: string; category?: string; service?: string } = {};
  for (const part of spec.split(',')) {
    const [key = '', value = ''] = part.split('=').map((x) => x.trim());
    if ((key !== 'product' && key !== 'category' && key !== 'service') || value === '') {
      throw new UsageError(`--logsource: expected product=…,category=…,service=… but got '${part}'`);
    }
    out[key] = value.toLowerCase();
  }
  return out;
}

/** The 25 most expensive rules: where the time goes and how often each rule fired. */
function renderRuleStats(rows: readonly RuleStats[]): string {
  const top = rows.slice(0, 25);
  const lines = ['EVAL-MS   EVALUATIONS  MATCHES  RULE'];
  for (const r of top) {
    lines.push(
      `${(r.nanoseconds / 1e6).toFixed(1).padStart(7)}  ${String(r.evaluations).padStart(11)}  ${String(r.matches).padStart(7)}  ${r.rule.title} (${r.rule.origin.file})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const rows = alerts.map((a) => [
    a.level ?? '-',
    `${a.event.source ?? '-'}:${a.event.line ?? a.event.index}`,
    a.attack.join(',') || '-',
    a.title,
  ]);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => (r[i] ?? '').length), ['LEVEL', 'EVENT', 'ATT&CK'][i]?.length ?? 0),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  return `${[line(['LEVEL', 'EVENT', 'ATT&CK', 'RULE']), ...rows.map(line)].join('\n')}\n${alerts.length} alerts\n`;
}
