/**
 * Secrets on git history: `npx tsx bench/secrets-git.ts [MiB=16]`. Builds a repository with
 * git fast-import from the generated source corpus (about 10 files added + 2 edited per commit),
 * then scans every commit's added lines. Figure: MiB/s of `git log -p` diff text read and
 * scanned (git's own time included). Target ≥ 2 MiB/s per core.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretsAnalyzer } from '../src/scan/analyzers/secrets.ts';
import { collect } from '../src/scan/collect/collect.ts';
import { gitAddedChunks, type HistoryStats } from '../src/scan/sources/git-history.ts';
import { loadBuiltinSecrets } from '../src/secrets/load.ts';
import { SecretScanner } from '../src/secrets/scanner.ts';
import { ms, peakRssMb, printLine } from './measure.ts';
import { generateSecretsCorpus } from './secrets-corpus.ts';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 16);
const base = mkdtempSync(join(tmpdir(), 'rampart-bench-git-'));
try {
  const src = join(base, 'src');
  const repo = join(base, 'repo');
  mkdirSync(src);
  mkdirSync(repo);
  generateSecretsCorpus(src, size * MiB);
  const { files } = await collect({ root: src });
  const parts: Buffer[] = [];
  const data = (text: string): void => {
    const bytes = Buffer.from(text);
    parts.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  let commits = 0;
  for (let i = 0; i < files.length; i += 10) {
    commits++;
    parts.push(
      Buffer.from(
        `commit refs/heads/main\ncommitter Bench <bench@example.com> ${1700000000 + commits * 3600} +0000\n`,
      ),
    );
    data(`change ${commits}`);
    for (const f of files.slice(i, i + 10)) {
      parts.push(Buffer.from(`M 644 inline ${f.path}\n`));
      data(f.content);
    }
    // Edit two earlier files: appended lines are what -U0 diffs show.
    for (const f of [files[(i * 7) % Math.max(1, i)], files[(i * 13) % Math.max(1, i)]]) {
      if (!f || i === 0) continue;
      parts.push(Buffer.from(`M 644 inline ${f.path}\n`));
      data(`${f.content}\n// edited in ${commits}: retry the token refresh\n`);
    }
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: repo,
    input: Buffer.concat(parts),
    maxBuffer: 1024 * MiB,
  });

  const config = loadBuiltinSecrets();
  const scanner = new SecretScanner(config);
  const stats: HistoryStats = { bytes: 0, commits: 0 };
  const start = process.hrtime.bigint();
  const cpuStart = cpuWithChildrenMs();
  let found = 0;
  for await (const chunk of gitAddedChunks({ cwd: repo, range: 'main' }, stats)) {
    found += scanner.scan(chunk.text, { path: chunk.path, commit: chunk.commit.sha }).length;
  }
  const historyMs = ms(start);
  // Node's CPU plus git's (a waited-for child): the per-core figure on a loaded machine.
  const historyCpuMs = Math.round(cpuWithChildrenMs() - cpuStart);
  const analyzer = createSecretsAnalyzer({ git: { range: 'main' }, archives: false });
  const e2eStart = process.hrtime.bigint();
  await analyzer.analyze([], { root: repo });
  const e2eMs = ms(e2eStart);
  const mib = stats.bytes / MiB;
  printLine({
    bench: 'secrets-git',
    commits: stats.commits,
    diffMib: Math.round(mib * 100) / 100,
    rules: config.rules.length,
    historyMs,
    mibPerS: Math.round((mib / (historyMs / 1000)) * 100) / 100,
    historyCpuMs,
    mibPerCpuS: Math.round((mib / (historyCpuMs / 1000)) * 100) / 100,
    findings: found,
    analyzerMs: e2eMs,
    analyzerMibPerS: Math.round((mib / (e2eMs / 1000)) * 100) / 100,
    target: '≥ 2 MiB/s per core',
    peakRssMb: peakRssMb(),
  });
} finally {
  rmSync(base, { recursive: true, force: true });
}

/** CPU time of this process and its waited-for children (Linux /proc; else this process only). */
function cpuWithChildrenMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which may contain spaces: ") S ppid …".
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // utime, stime, cutime, cstime are fields 14–17 (1-based), here 11–14 in clock ticks (100/s).
    return ((f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)) * 10;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}
