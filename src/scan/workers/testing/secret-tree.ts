/**
 * A tree for parallel-scan tests: `files` text files of about `fileBytes` each, in three folders,
 * with credentials at the start, middle and end of some of them (different rules, values and
 * files), an inline ignore, a Kubernetes manifest for the policy analyzer, an invalid UTF-8 file
 * with a secret (scanned as text, not bytes), a binary and an oversized file (notices), and a
 * waivers file. The values are made up here, never real credentials.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A deterministic string of `length` characters of `alphabet` (xorshift from `seed`). */
function token(seed: number, length: number, alphabet: string): string {
  let x = seed * 2654435761 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

export const githubToken = (seed: number): string => `ghp_${token(seed, 36, ALNUM)}`;
export const awsKeyId = (seed: number): string => `AKIA${token(seed, 16, BASE32)}`;

/** Size above which the fixture's oversized file is (pass it as maxFileSize). */
export const TREE_MAX_FILE_SIZE = 1024 * 1024;

export function writeSecretTree(root: string, files: number, fileBytes: number): void {
  for (const dir of ['src', 'lib', 'docs', '.rampart']) mkdirSync(path.join(root, dir), { recursive: true });
  const filler = (i: number, n: number): string => `export const value${i}_${n} = compute(${i}, ${n});\n`;
  for (let i = 0; i < files; i++) {
    const lines: string[] = [];
    let size = 0;
    for (let n = 0; size < fileBytes; n++) {
      const line = filler(i, n);
      lines.push(line);
      size += line.length;
    }
    // Secrets in every other file (so in every folder): first line, middle, last line; two rules.
    if (i % 2 === 0) {
      lines[0] = `const token = "${githubToken(i)}";\n`;
      lines[Math.floor(lines.length / 2)] = `const aws = "${awsKeyId(i)}";\n`;
      lines.push(`const again = "${githubToken(i + 1000)}";\n`);
    }
    const dir = ['src', 'lib', 'docs'][i % 3] as string;
    writeFileSync(path.join(root, dir, `file-${String(i).padStart(3, '0')}.ts`), lines.join(''));
  }
  writeFileSync(
    path.join(root, 'src', 'ignored.yaml'),
    `token: "${githubToken(7)}" # rampart:ignore github-personal-access-token reason="test fixture"\n` +
      `other: "${githubToken(8)}"\n`,
  );
  writeFileSync(
    path.join(root, 'deploy.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n' +
      `      image: nginx\n      env:\n        - name: TOKEN\n          value: "${githubToken(9)}"\n`,
  );
  writeFileSync(
    path.join(root, 'latin1.txt'),
    Buffer.concat([Buffer.from('caf\xe9 = 1\n', 'latin1'), Buffer.from(`key = "${awsKeyId(11)}"\n`)]),
  );
  writeFileSync(path.join(root, 'blob.bin'), Buffer.from([0x50, 0x4b, 0, 0, 1, 2, 3]));
  writeFileSync(path.join(root, 'huge.txt'), `${'x'.repeat(TREE_MAX_FILE_SIZE)}\n`);
  writeFileSync(
    path.join(root, '.rampart', 'waivers.yaml'),
    'waivers:\n  - rule: aws-access-key-id\n    path: "lib/**"\n    reason: test keys\n    owner: qa\n',
  );
}
