/**
 * Where scanner time goes (dev aid): `npx tsx bench/secrets-profile.ts [MiB=8] [--density F]
 * [--tree PATH]` (the same tree arguments as bench/secrets-tree.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../src/scan/collect/collect.ts';
import { KeywordMatcher } from '../src/secrets/aho-corasick.ts';
import { encodedSpans } from '../src/secrets/decode.ts';
import { loadBuiltinSecrets } from '../src/secrets/load.ts';
import { regexFor } from '../src/secrets/regex.ts';
import { SecretScanner } from '../src/secrets/scanner.ts';
import { ms, printLine } from './measure.ts';
import { generateSecretsCorpus } from './secrets-corpus.ts';
import { parseTreeArgs } from './secrets-tree-args.ts';

const args = parseTreeArgs(process.argv.slice(2), 8);
const dir = args.tree ?? mkdtempSync(join(tmpdir(), 'rampart-prof-'));
try {
  if (!args.tree) generateSecretsCorpus(dir, args.mib * 1024 * 1024, 7, args.density);
  const { files } = await collect({ root: dir });
  const config = loadBuiltinSecrets();
  const matcher = new KeywordMatcher(config.rules.flatMap((r) => r.keywords));
  const t = (f: () => void): number => {
    const s = process.hrtime.bigint();
    f();
    return ms(s);
  };
  const figures: Record<string, number> = {};
  figures.keywords = t(() => files.forEach((f) => void matcher.find(f.content)));
  figures.decode = t(() => files.forEach((f) => void encodedSpans(f.content)));
  figures.toBuffer = t(() => files.forEach((f) => void Buffer.from(f.content)));
  const perRule: [string, number, number][] = [];
  // Which files trigger which rules (one global pass), then each rule's regex on its files only.
  // (Compiled before timing, path filters applied, as the scanner does; no RE2 set here.)
  const hits = files.map((f) => new Set(matcher.find(f.content).map((id) => matcher.keywords[id])));
  const buffers = files.map((f) => Buffer.from(f.content));
  for (const rule of config.rules) {
    if (!rule.regex) continue;
    const re = regexFor(rule.regex);
    const path = rule.path !== undefined ? regexFor(rule.path) : undefined;
    let runs = 0;
    const time = t(() => {
      files.forEach((f, i) => {
        if (rule.keywords.length > 0 && !rule.keywords.some((k) => hits[i]?.has(k))) return;
        if (path && !path.test(f.path)) return;
        runs++;
        re.matchAll(buffers[i] as Buffer);
      });
    });
    perRule.push([rule.id, time, runs]);
  }
  perRule.sort((a, b) => b[1] - a[1]);
  const scanner = new SecretScanner(config);
  figures.fullScan = t(() => files.forEach((f) => void scanner.scan(f.bytes ?? f.content, { path: f.path })));
  printLine({ ...figures, topRules: perRule.slice(0, 8) });
} finally {
  if (!args.tree) rmSync(dir, { recursive: true, force: true });
}
