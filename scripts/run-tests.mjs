#!/usr/bin/env node
// Node 20's test runner does not expand globs, so this finds every *.test.ts under src/, rules/ and
// test/ and hands them to `tsx --test`. Extra arguments narrow the run: a path prefix or a file.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = ['src', 'test', 'rules']
  .flatMap((d) => {
    try {
      return walk(join(root, d), []);
    } catch {
      return [];
    }
  })
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort();

if (files.length === 0) {
  console.error(`run-tests: no test files match ${filters.join(' ') || 'src/ test/'}`);
  process.exit(1);
}

const tsx = join(root, 'node_modules', '.bin', 'tsx');
const result = spawnSync(tsx, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
