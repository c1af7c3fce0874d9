import type { Finding } from '../core/finding.ts';
import { fingerprint } from '../core/fingerprint.ts';
import type { Analyzer, ScanFile } from './analyzer.ts';

/**
 * A stand-in analyzer for pipeline tests: one high `T-PRIV` finding per `privileged: true` line
 * of every YAML file. Counts its calls so tests can see which files were re-analyzed.
 */
export function privilegedLineAnalyzer(): Analyzer & { readonly calls: string[][] } {
  const calls: string[][] = [];
  return {
    name: 'test',
    calls,
    wants: (file) => /\.ya?ml$/.test(file.path) && !file.path.startsWith('.rampart/'),
    async analyze(files: readonly ScanFile[]) {
      calls.push(files.map((f) => f.path));
      const out: Finding[] = [];
      for (const file of files) {
        file.content.split('\n').forEach((text, i) => {
          if (!/privileged: true/.test(text)) return;
          out.push({
            ruleId: 'T-PRIV',
            title: 'Privileged container',
            severity: 'high',
            kind: 'violation',
            message: `privileged container in ${file.path}`,
            location: {
              file: file.path,
              range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 1 } },
            },
            why: 'w',
            fix: 'f',
            references: [],
            frameworks: {},
            tags: [],
            analyzer: 'test',
            fingerprint: fingerprint(['T-PRIV', file.path, String(i + 1)]),
          });
        });
      }
      return out;
    },
  };
}
