/**
 * How keyword-dense a tree is for the built-in secrets rules:
 * `npx tsx bench/secrets-density.ts [--tree PATH | MiB=24] [--density F]`. One JSON line: the
 * share of lines on which at least one rule keyword occurs, on which a `generic-*` rule's keyword
 * occurs (those rules run their regex wherever `password`, `token`, `secret`… appear), and the share
 * of files with a keyword. The keyword pass decides which rule patterns run, so these shares
 * predict how much regex work a tree costs: the generated corpus (default) is a stress case
 * compared with real code, and `--density` dilutes it (bench/secrets-corpus.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collect } from '../src/scan/collect/collect.ts';
import { KeywordMatcher } from '../src/secrets/aho-corasick.ts';
import { loadBuiltinSecrets } from '../src/secrets/load.ts';
import { printLine } from './measure.ts';
import { generateSecretsCorpus } from './secrets-corpus.ts';
import { parseTreeArgs } from './secrets-tree-args.ts';

const args = parseTreeArgs(process.argv.slice(2));
const dir = args.tree ?? mkdtempSync(join(tmpdir(), 'rampart-bench-density-'));
try {
  if (!args.tree) generateSecretsCorpus(dir, args.mib * 1024 * 1024, 7, args.density);
  const config = loadBuiltinSecrets();
  const matcher = new KeywordMatcher(config.rules.flatMap((r) => r.keywords));
  const generic = new Set(
    config.rules
      .filter((r) => r.id.startsWith('generic'))
      .flatMap((r) => r.keywords.map((k) => k.toLowerCase())),
  );
  const isGeneric = matcher.keywords.map((k) => generic.has(k));
  const { files } = await collect({ root: dir });
  let lines = 0;
  let withKeyword = 0;
  let withGeneric = 0;
  let filesWithKeyword = 0;
  let bytes = 0;
  const hits = new Map<string, number>();
  for (const f of files) {
    const buf = f.bytes ? Buffer.from(f.bytes) : Buffer.from(f.content, 'utf8');
    bytes += buf.length;
    let any = false;
    let start = 0;
    while (start <= buf.length) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      if (end > start || end < buf.length) {
        lines++;
        const ids = matcher.find(buf.subarray(start, end));
        if (ids.length > 0) {
          withKeyword++;
          any = true;
          if (ids.some((id) => isGeneric[id])) withGeneric++;
          for (const id of ids) {
            const k = matcher.keywords[id] as string;
            hits.set(k, (hits.get(k) ?? 0) + 1);
          }
        }
      }
      start = end + 1;
    }
    if (any) filesWithKeyword++;
  }
  const share = (n: number, of: number) => Math.round((n / of) * 10000) / 100;
  printLine({
    bench: 'secrets-density',
    tree: args.tree ? resolve(args.tree) : `generated ${args.mib} MiB, density ${args.density}`,
    files: files.length,
    mib: Math.round((bytes / 1024 / 1024) * 100) / 100,
    lines,
    keywordLinePct: share(withKeyword, lines),
    genericKeywordLinePct: share(withGeneric, lines),
    keywordFilePct: share(filesWithKeyword, files.length),
    // Lines per keyword (a line counts once per keyword), the ten most frequent.
    topKeywords: Object.fromEntries(
      [...hits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([k, n]) => [k, share(n, lines)]),
    ),
  });
} finally {
  if (!args.tree) rmSync(dir, { recursive: true, force: true });
}
