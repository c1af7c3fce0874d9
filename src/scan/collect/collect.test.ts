import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { collect, collectCandidates, collectStdin, isCandidate } from './collect.ts';
import { readScanFile } from './read.ts';

let root: string;

async function put(rel: string, content: string | Uint8Array): Promise<void> {
  const abs = path.join(root, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rampart-collect-'));
  await put('.gitignore', 'build/\n*.log\n');
  await put('app.yaml', 'kind: Pod\n');
  await put('debug.log', 'x');
  await put('build/out.yaml', 'x');
  await put('infra/main.tf', 'resource "a" "b" {}\n');
  await put('infra/.gitignore', 'secret.tf\n!keep.log\n');
  await put('infra/secret.tf', 'x');
  await put('infra/keep.log', 'kept by a nested negation');
  await put('infra/modules/net/vpc.tf', 'x');
  await put('.git/config', 'x');
  await put('vendor/lib.yaml', 'x');
  await put('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
  await put('big.yaml', 'a'.repeat(2048));
  await mkdir(path.join(root, 'loop'));
  await symlink('..', path.join(root, 'loop', 'up'));
  await symlink('does-not-exist', path.join(root, 'dangling.yaml'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

const paths = (files: readonly { path: string }[]) => files.map((f) => f.path).sort();

describe('collect: directory target', () => {
  it('honours root and nested .gitignore (with negation) and always skips .git', async () => {
    const { files } = await collect({ root, maxFileSize: 1024 });
    const got = paths(files);
    assert.ok(got.includes('app.yaml'));
    assert.ok(got.includes('infra/main.tf'));
    assert.ok(got.includes('infra/keep.log'), 'nested !keep.log re-includes a root-ignored file');
    assert.ok(got.includes('infra/modules/net/vpc.tf'));
    for (const gone of ['debug.log', 'build/out.yaml', 'infra/secret.tf', '.git/config']) {
      assert.ok(!got.includes(gone), `${gone} must be skipped`);
    }
  });

  it('survives a symlink loop and reports a dangling link as a notice', async () => {
    const { files, notices } = await collect({ root, maxFileSize: 1024 });
    assert.ok(!paths(files).some((p) => p.startsWith('loop/up/')), 'loop not followed twice');
    assert.ok(
      notices.some((n) => n.location.file === 'dangling.yaml' && /broken symbolic link/.test(n.message)),
    );
  });

  it('skips binaries and oversized files with an RMP-SKIPPED info notice each', async () => {
    const { files, notices } = await collect({ root, maxFileSize: 1024 });
    assert.ok(!paths(files).includes('image.png'));
    assert.ok(!paths(files).includes('big.yaml'));
    const binary = notices.find((n) => n.location.file === 'image.png');
    const big = notices.find((n) => n.location.file === 'big.yaml');
    assert.ok(binary && /binary/.test(binary.message) && binary.message.includes('image.png'));
    assert.ok(big && /2048 bytes, above --max-file-size 1024/.test(big.message));
    for (const n of [binary, big]) {
      assert.equal(n.ruleId, 'RMP-SKIPPED');
      assert.equal(n.kind, 'notice');
      assert.equal(n.severity, 'info');
    }
  });

  it('applies --include and --exclude to root-relative paths', async () => {
    const onlyTf = await collect({ root, include: ['*.tf'], exclude: ['infra/modules/**'] });
    assert.deepEqual(paths(onlyTf.files), ['infra/main.tf']);
    const noVendor = await collect({ root, exclude: ['vendor/**'], maxFileSize: 1024 });
    assert.ok(!paths(noVendor.files).includes('vendor/lib.yaml'));
    assert.ok(paths(noVendor.files).includes('app.yaml'));
  });

  it('reports an unreadable file as a notice and keeps going', {
    skip: process.getuid?.() === 0,
  }, async () => {
    await put('locked.yaml', 'x');
    await chmod(path.join(root, 'locked.yaml'), 0o000);
    try {
      const { files, notices } = await collect({ root, maxFileSize: 1024 });
      assert.ok(notices.some((n) => n.location.file === 'locked.yaml' && /unreadable/.test(n.message)));
      assert.ok(paths(files).includes('app.yaml'));
    } finally {
      await rm(path.join(root, 'locked.yaml'), { force: true });
    }
  });
});

describe('collect: repository .gitignore above the root', () => {
  it('scanning a subfolder of a git repository honours the repository .gitignore', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'rampart-repo-'));
    try {
      await mkdir(path.join(repo, '.git'));
      await writeFile(path.join(repo, '.gitignore'), 'node_modules/\n/svc/generated.yaml\n');
      await mkdir(path.join(repo, 'svc', 'node_modules', 'x'), { recursive: true });
      await writeFile(path.join(repo, 'svc', 'node_modules', 'x', 'a.yaml'), 'x');
      await writeFile(path.join(repo, 'svc', 'generated.yaml'), 'x');
      await writeFile(path.join(repo, 'svc', 'app.yaml'), 'x');
      const { files } = await collect({ root: path.join(repo, 'svc') });
      assert.deepEqual(paths(files), ['app.yaml']);
      const outside = await collect({
        root: path.join(repo, 'svc'),
        targets: ['../svc/app.yaml', '../.gitignore'],
      });
      assert.deepEqual(paths(outside.files), ['../.gitignore', 'app.yaml']);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});

describe('collect: special files', () => {
  it('never opens a FIFO (it would block): walked or named, it becomes a notice', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rampart-fifo-'));
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      await writeFile(path.join(dir, 'a.yaml'), 'x: 1\n');
      const walked = await collect({ root: dir });
      assert.deepEqual(paths(walked.files), ['a.yaml']);
      assert.match(walked.notices[0]?.message ?? '', /pipe\.yaml: skipped: not a regular file/);
      const named = await collect({ root: dir, targets: ['pipe.yaml'] });
      assert.equal(named.files.length, 0);
      assert.match(named.notices[0]?.message ?? '', /not a regular file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a file that vanishes before it is read becomes an "unreadable" notice', async () => {
    const result = await readScanFile(path.join(root, 'gone.yaml'), 'gone.yaml', 1024);
    assert.ok('ruleId' in result);
    assert.match(result.message, /gone\.yaml: skipped: unreadable \(ENOENT\)/);
  });
});

describe('collect: file list and missing targets', () => {
  it('reads named files relative to the root, even gitignored ones', async () => {
    const { files } = await collect({ root, targets: ['app.yaml', 'debug.log', 'infra'] });
    assert.deepEqual(paths(files), [
      'app.yaml',
      'debug.log',
      'infra/.gitignore',
      'infra/keep.log',
      'infra/main.tf',
      'infra/modules/net/vpc.tf',
    ]);
  });

  it('applies infra/.gitignore when only infra/ is walked', async () => {
    const { files } = await collect({ root, targets: ['infra'] });
    assert.ok(!paths(files).includes('infra/secret.tf'));
  });

  it('turns a missing target into a notice', async () => {
    const { files, notices } = await collect({ root, targets: ['nope.yaml'] });
    assert.equal(files.length, 0);
    assert.match(notices[0]?.message ?? '', /nope\.yaml: skipped: cannot read target \(ENOENT\)/);
  });
});

describe('collectStdin', () => {
  it('names stdin content after --stdin-filename', () => {
    const bytes = new TextEncoder().encode('kind: Pod\n');
    const { files } = collectStdin('k8s/pod.yaml', bytes);
    // The UTF-8 bytes ride along for the secrets engine (no second encoding).
    assert.deepEqual(files, [{ path: 'k8s/pod.yaml', content: 'kind: Pod\n', bytes }]);
  });

  it('keeps no bytes for invalid UTF-8 (the decoded text is scanned) and drops a BOM from them', () => {
    const invalid = collectStdin('a.env', new Uint8Array([0x61, 0xe9, 0x0a])).files[0];
    assert.deepEqual(invalid, { path: 'a.env', content: 'a\ufffd\n' });
    const bom = collectStdin('b.env', new Uint8Array([0xef, 0xbb, 0xbf, 0x62])).files[0];
    assert.equal(bom?.content, 'b');
    assert.deepEqual([...(bom?.bytes ?? [])], [0x62]);
  });

  it('decodes the text of valid UTF-8 on first read, as the whole file decodes (a second BOM is text)', () => {
    const twice = collectStdin('c.txt', new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x63])).files[0];
    assert.equal(twice?.content, '\ufeffc');
    assert.deepEqual([...(twice?.bytes ?? [])], [0xef, 0xbb, 0xbf, 0x63]);
    // A spread copy (reporters, watch mode) carries the text, not the getter's absence.
    assert.equal({ ...twice }.content, '\ufeffc');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        const bytes = raw.map((b) => (b === 0 ? 1 : b));
        const file = collectStdin('p.txt', bytes).files[0];
        assert.equal(file?.content, new TextDecoder().decode(bytes));
        if (file?.bytes)
          assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes), file.content);
      }),
    );
  });

  it('skips binary stdin with a notice', () => {
    const result = collectStdin('x.yaml', new Uint8Array([1, 0, 2]));
    assert.equal(result.files.length, 0);
    assert.equal(result.notices[0]?.ruleId, 'RMP-SKIPPED');
  });
});

describe('isCandidate', () => {
  it('picks from a whole-root listing exactly what collectCandidates lists with narrower options (fuzzed)', async () => {
    const tree = await mkdtemp(path.join(tmpdir(), 'rampart-candidates-'));
    try {
      const files = [
        'a.zip',
        'src/b.ts',
        'src/vendor/c.zip',
        'src/vendor/d/e.tar',
        'docs/f.md',
        'docs/vendor.zip',
        'g/h/i.zip',
      ];
      for (const f of files) {
        await mkdir(path.dirname(path.join(tree, f)), { recursive: true });
        await writeFile(path.join(tree, f), 'x');
      }
      await writeFile(path.join(tree, '.gitignore'), 'g/h/\n');
      const all = (await collectCandidates({ root: tree })).entries;
      const glob = fc.constantFrom('*.zip', 'vendor', 'src/**', '*.ts', 'docs', 'd', '**/*.tar');
      await fc.assert(
        fc.asyncProperty(
          fc.subarray(['src', 'docs', 'a.zip', 'src/vendor', 'g'], { minLength: 0 }),
          fc.array(glob, { maxLength: 2 }),
          fc.array(glob, { maxLength: 2 }),
          async (targets, include, exclude) => {
            const options = {
              root: tree,
              ...(targets.length > 0 ? { targets: targets.map((t) => path.join(tree, t)) } : {}),
              include,
              exclude,
            };
            const listed = (await collectCandidates(options)).entries.map((e) => e.rel).sort();
            const picked = all
              .filter(isCandidate(options))
              .map((e) => e.rel)
              .sort();
            assert.deepEqual(picked, listed);
          },
        ),
        { numRuns: 200 },
      );
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
