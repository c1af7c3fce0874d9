import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type AddedChunk, gitAddedChunks } from './git-history.ts';

let dir: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@example.com', ...args], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
  });

async function chunks(options: { since?: string; range?: string } = {}): Promise<AddedChunk[]> {
  const out: AddedChunk[] = [];
  for await (const c of gitAddedChunks({ cwd: dir, ...options })) out.push(c);
  return out;
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-githist-'));
  git('init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'a.txt'), 'one\ntwo\nthree\n');
  await writeFile(path.join(dir, 'we ird\tname.txt'), 'tabbed\n');
  await writeFile(path.join(dir, 'bin.dat'), Buffer.from([0, 1, 2, 3, 0, 5]));
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  await writeFile(path.join(dir, 'a.txt'), 'one\nTWO\nthree\nfour\n+plus line\n');
  await rm(path.join(dir, 'bin.dat'));
  git('add', '-A');
  git('commit', '-q', '-m', 'two');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('added lines per commit and file, with their line numbers in that commit', async () => {
  const all = await chunks();
  const [second, ...firsts] = all;
  assert.equal(second?.path, 'a.txt');
  assert.equal(second?.text, 'TWO\nfour\n+plus line');
  assert.deepEqual(second?.lines, [2, 4, 5]);
  assert.match(second?.commit.sha ?? '', /^[0-9a-f]{40}$/);
  assert.equal(second?.commit.email, 'a@example.com');
  // Binary files and deletions add no text; C-quoted names are unquoted.
  assert.deepEqual(
    firsts.map((c) => [c.path, c.text]),
    [
      ['a.txt', 'one\ntwo\nthree'],
      ['we ird\tname.txt', 'tabbed'],
    ],
  );
  assert.notEqual(firsts[0]?.commit.sha, second?.commit.sha);
});

test('range and failure', async () => {
  assert.equal((await chunks({ range: 'HEAD~1..HEAD' })).length, 1);
  await assert.rejects(chunks({ range: 'no-such-ref' }), (e: unknown) => {
    const err = e as { code?: string; message?: string };
    return err.code === 'E_PARSE' && /git log failed/.test(err.message ?? '');
  });
});
