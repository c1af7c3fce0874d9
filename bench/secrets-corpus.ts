/**
 * A realistic source tree for the secrets benchmarks: code in several languages, configs,
 * lockfiles (base64 integrity hashes stress the decoder), docs, and a few fake secrets.
 * Deterministic (seeded). Returns the bytes written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, seeded } from './gen/random.ts';

const WORDS = [
  'user',
  'account',
  'order',
  'payment',
  'session',
  'token',
  'config',
  'client',
  'server',
  'request',
  'response',
  'cache',
  'queue',
  'worker',
  'handler',
  'service',
  'secret',
  'password',
  'key',
  'value',
  'api',
  'auth',
  'login',
  'logout',
  'refresh',
  'expires',
  'retry',
  'timeout',
  'limit',
  'offset',
];

function ident(r: () => number, parts = 2): string {
  let out = pick(r, WORDS);
  for (let i = 1; i < parts; i++) {
    const w = pick(r, WORDS);
    out += w[0]?.toUpperCase() + w.slice(1);
  }
  return out;
}

function b64(r: () => number, n: number): string {
  return createHash('sha512').update(String(r())).digest('base64').slice(0, n);
}

function ts(r: () => number): string {
  const lines: string[] = [
    "import { readFile } from 'node:fs/promises';",
    "import type { Config } from './config.ts';",
    '',
  ];
  for (let f = 0; f < 12; f++) {
    const name = ident(r, 3);
    lines.push(`/** ${ident(r)} ${ident(r)}: returns the ${pick(r, WORDS)} for a ${pick(r, WORDS)}. */`);
    lines.push(`export async function ${name}(${ident(r)}: string, options: Config = {}): Promise<string> {`);
    lines.push(`  const ${ident(r)} = process.env.${ident(r).toUpperCase()} ?? options.${ident(r)};`);
    lines.push(`  const token = await getToken(options.${ident(r)}, { retries: ${Math.floor(r() * 10)} });`);
    lines.push(`  if (!token) throw new Error('missing ${pick(r, WORDS)} key for ${ident(r)}');`);
    lines.push(`  const headers = { Authorization: \`Bearer \${token}\`, 'x-api-key': options.apiKey };`);
    lines.push(
      `  return fetch(\`\${options.baseUrl}/v1/${pick(r, WORDS)}s/\${${ident(r)}}\`, { headers }).then((res) => res.text());`,
    );
    lines.push('}', '');
  }
  return lines.join('\n');
}

function py(r: () => number): string {
  const lines = ['import os', 'import requests', ''];
  for (let f = 0; f < 14; f++) {
    lines.push(
      `def ${ident(r, 2).toLowerCase()}_${pick(r, WORDS)}(${pick(r, WORDS)}, secret_name="${ident(r)}"):`,
    );
    lines.push(
      `    """Fetch the ${pick(r, WORDS)} ${pick(r, WORDS)} using the configured password source."""`,
    );
    lines.push(`    password = os.environ.get("${ident(r).toUpperCase()}_PASSWORD")`);
    lines.push(
      `    resp = requests.get(f"{BASE_URL}/${pick(r, WORDS)}", headers={"X-Token": password}, timeout=${Math.floor(r() * 30)})`,
    );
    lines.push('    resp.raise_for_status()', '    return resp.json()', '');
  }
  return lines.join('\n');
}

function go(r: () => number): string {
  const lines = ['package main', '', 'import (', '\t"context"', '\t"os"', ')', ''];
  for (let f = 0; f < 12; f++) {
    const n = ident(r, 2);
    lines.push(`// ${n} loads the ${pick(r, WORDS)} secret key from the environment.`);
    lines.push(
      `func ${n[0]?.toUpperCase()}${n.slice(1)}(ctx context.Context, ${pick(r, WORDS)}ID string) (string, error) {`,
    );
    lines.push(`\tkey := os.Getenv("${ident(r).toUpperCase()}_API_KEY")`);
    lines.push(
      '\tif key == "" {',
      `\t\treturn "", errMissing${pick(r, WORDS)}`,
      '\t}',
      '\treturn key, nil',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function yaml(r: () => number): string {
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${pick(r, WORDS)}-svc`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
  ];
  for (let c = 0; c < 6; c++) {
    lines.push(
      `        - name: ${pick(r, WORDS)}`,
      `          image: registry.example.com/${pick(r, WORDS)}:1.${c}.0`,
      '          env:',
    );
    for (let e = 0; e < 5; e++) {
      lines.push(
        `            - name: ${ident(r).toUpperCase()}_TOKEN`,
        '              valueFrom:',
        '                secretKeyRef:',
        `                  name: ${pick(r, WORDS)}-secret`,
        `                  key: ${pick(r, WORDS)}`,
      );
    }
  }
  return lines.join('\n');
}

function lock(r: () => number): string {
  const entries: string[] = [];
  for (let i = 0; i < 40; i++) {
    const n = `${pick(r, WORDS)}-${pick(r, WORDS)}`;
    entries.push(
      `    "node_modules/${n}": {\n      "version": "${Math.floor(r() * 9)}.${Math.floor(r() * 20)}.${Math.floor(r() * 9)}",\n      "resolved": "https://registry.npmjs.org/${n}/-/${n}-1.0.0.tgz",\n      "integrity": "sha512-${b64(r, 86)}=="\n    }`,
    );
  }
  return `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n${entries.join(',\n')}\n  }\n}\n`;
}

function md(r: () => number): string {
  const lines = [`# ${ident(r)} service`, ''];
  for (let p = 0; p < 20; p++) {
    lines.push(
      `Set the \`${ident(r).toUpperCase()}_KEY\` variable before running. The ${pick(r, WORDS)} token is rotated every ${Math.floor(r() * 90)} days; see the password policy.`,
      '',
    );
  }
  lines.push('```sh', 'export API_KEY=<your-key-here>', '```');
  return lines.join('\n');
}

/** Fake credentials shaped like real ones (random, never valid). */
const FAKE = [
  (r: () => number) =>
    `aws_access_key_id = AKIA${b64(r, 40)
      .replace(/[^A-Z2-7]/g, '')
      .padEnd(16, 'Q')
      .slice(0, 16)}`,
  (r: () => number) =>
    `GITHUB_TOKEN=ghp_${b64(r, 60)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 36)
      .padEnd(36, 'x')}`,
  (r: () => number) =>
    `slack_webhook: https://hooks.slack.com/services/T0${b64(r, 8).replace(/[^A-Z0-9]/g, 'A')}/B0${b64(r, 8).replace(/[^A-Z0-9]/g, 'B')}/${b64(r, 24).replace(/[^A-Za-z0-9]/g, 'c')}`,
];

export function generateSecretsCorpus(
  dir: string,
  targetBytes: number,
  seed = 7,
): { files: number; bytes: number } {
  const r = seeded(seed);
  const kinds: [string, (r: () => number) => string][] = [
    ['ts', ts],
    ['py', py],
    ['go', go],
    ['yaml', yaml],
    ['json', lock],
    ['md', md],
  ];
  let bytes = 0;
  let files = 0;
  while (bytes < targetBytes) {
    const [ext, gen] = kinds[files % kinds.length] as [string, (r: () => number) => string];
    const sub = join(dir, `pkg${files % 40}`, pick(r, ['src', 'lib', 'config', 'docs', 'internal']));
    mkdirSync(sub, { recursive: true });
    let text = gen(r);
    if (files % 97 === 0) text += `\n${(pick(r, FAKE) as (r: () => number) => string)(r)}\n`;
    const name = ext === 'json' ? `package-lock-${files}.json` : `${ident(r, 2)}-${files}.${ext}`;
    writeFileSync(join(sub, name), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { files, bytes };
}
