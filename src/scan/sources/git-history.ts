import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { InputError } from '../../core/errors.ts';
import type { CommitInfo } from '../../secrets/findings.ts';

export interface GitHistoryOptions {
  /** Repository (any directory inside the work tree). */
  readonly cwd: string;
  /** `--since` as git understands it (`2024-01-01`, `2.weeks`). */
  readonly since?: string;
  /** Revision range (`main..feature`, `v1.0..HEAD`); default: every commit reachable from HEAD. */
  readonly range?: string;
  /** Paths (relative to cwd) to limit the log to. */
  readonly paths?: readonly string[];
  /** Added text kept per file per commit; the rest is dropped (a vendored blob must not blow memory). */
  readonly maxChunkBytes?: number;
}

/** The lines one commit added to one file, joined with '\n'; `lines[i]` is the file line of text line i+1. */
export interface AddedChunk {
  readonly commit: CommitInfo;
  readonly path: string;
  readonly text: string;
  readonly lines: readonly number[];
}

/** Bytes of diff text read, for the benchmark. */
export interface HistoryStats {
  bytes: number;
  commits: number;
}

const MARK = '\u0001rampart-commit\u0001';

/**
 * Streams `git log -p -U0` and yields the added lines per (commit, file): memory stays bounded by
 * one file's additions. Throws InputError (E_PARSE) naming the directory when git fails.
 */
export async function* gitAddedChunks(
  options: GitHistoryOptions,
  stats?: HistoryStats,
): AsyncGenerator<AddedChunk> {
  const max = options.maxChunkBytes ?? 10 * 1024 * 1024;
  const args = [
    '-c',
    'core.quotePath=false',
    'log',
    '-p',
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-renames',
    '--relative',
    '--diff-filter=AM',
    `--format=${MARK}%H%x00%an%x00%ae%x00%aI`,
    ...(options.since ? [`--since=${options.since}`] : []),
    ...(options.range ? [options.range] : []),
    '--',
    ...(options.paths ?? []),
  ];
  const child = spawn('git', args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', (error) => {
      stderr += String(error);
      resolve(127);
    });
  });
  const rl = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });

  let commit: CommitInfo | undefined;
  let path: string | undefined;
  let parts: string[] = [];
  let lines: number[] = [];
  let size = 0;
  let next = 0;
  let inHeader = false;
  const flush = (): AddedChunk | undefined => {
    const chunk =
      commit && path !== undefined && parts.length > 0
        ? { commit, path, text: parts.join('\n'), lines }
        : undefined;
    parts = [];
    lines = [];
    size = 0;
    return chunk;
  };
  try {
    for await (const line of rl) {
      if (stats) stats.bytes += line.length + 1;
      if (line.startsWith(MARK)) {
        const done = flush();
        if (done) yield done;
        const [sha = '', author = '', email = '', date = ''] = line.slice(MARK.length).split('\u0000');
        commit = { sha, author, email, date };
        if (stats) stats.commits++;
        path = undefined;
        continue;
      }
      if (line.startsWith('diff --git ')) {
        const done = flush();
        if (done) yield done;
        path = undefined;
        inHeader = true;
        continue;
      }
      if (inHeader) {
        if (line.startsWith('+++ ')) {
          // git appends a TAB after names containing spaces (for patch(1)).
          const target = line.slice(4).replace(/\t$/, '');
          path = target === '/dev/null' ? undefined : stripPrefix(unquote(target));
          inHeader = false;
        } else if (line.startsWith('Binary files ')) inHeader = false;
        continue;
      }
      if (line.startsWith('@@')) {
        const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
        next = m ? Number(m[1]) : 0;
        continue;
      }
      if (line.startsWith('+') && path !== undefined) {
        if (size < max) {
          parts.push(line.slice(1));
          lines.push(next);
          size += line.length;
        }
        next++;
      }
    }
    const last = flush();
    if (last) yield last;
  } finally {
    rl.close();
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    throw new InputError(
      'E_PARSE',
      `git log failed in ${options.cwd} (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`,
      {
        file: options.cwd,
      },
    );
  }
}

function stripPrefix(p: string): string {
  return p.startsWith('b/') ? p.slice(2) : p;
}

/** git C-quotes paths with tabs, newlines or quotes even with core.quotePath=false. */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  try {
    return JSON.parse(p) as string;
  } catch {
    return p.slice(1, -1);
  }
}
