/**
 * A source tree for the secrets benchmarks: code in several languages, configs, lockfiles (base64
 * integrity hashes stress the decoder), docs, and a few fake secrets. Deterministic (seeded).
 *
 * Keyword density: at the default (1) 41 % of lines hold a rule keyword and 36 % one of a
 * `generic-*` rule (`token`, `password`, `secret`…), against 4–5 % and 0.7–1.2 % in real JS/TS and
 * Python trees (bench/secrets-density.ts, docs/secrets.md): a stress case that makes the generic
 * rules run everywhere. `density` < 1 writes each
 * credential-flavoured block (function, env entry, paragraph) and word with that probability and a
 * neutral one of the same shape otherwise. Density 1 draws no extra random numbers, so the stress
 * corpus is byte for byte the one earlier figures were measured on.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, seeded } from '../test/support/random.ts';

const WORDS: readonly string[] = [
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

/** Words that are (or contain) secrets rule keywords, replaced by NEUTRAL ones when diluted. */
const SENSITIVE = new Set([
  'token',
  'secret',
  'password',
  'key',
  'api',
  'auth',
  'login',
  'logout',
  'session',
]);
const NEUTRAL = ['item', 'batch', 'record', 'stream', 'buffer', 'index', 'report', 'event', 'state'];

/** Keyword density of the corpus being generated (set by generateSecretsCorpus). */
let density = 1;

/** Whether this block uses the credential-flavoured variant (always at density 1, no draw). */
function hot(r: () => number): boolean {
  return density >= 1 || r() < density;
}

function word(r: () => number): string {
  const w = pick(r, WORDS);
  return SENSITIVE.has(w) && !hot(r) ? pick(r, NEUTRAL) : w;
}

function ident(r: () => number, parts = 2): string {
  let out = word(r);
  for (let i = 1; i < parts; i++) {
    const w = word(r);
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
    lines.push(`/** ${ident(r)} ${ident(r)}: returns the ${word(r)} for a ${word(r)}. */`);
    lines.push(`export async function ${name}(${ident(r)}: string, options: Config = {}): Promise<string> {`);
    lines.push(`  const ${ident(r)} = process.env.${ident(r).toUpperCase()} ?? options.${ident(r)};`);
    if (hot(r)) {
      lines.push(
        `  const token = await getToken(options.${ident(r)}, { retries: ${Math.floor(r() * 10)} });`,
      );
      lines.push(`  if (!token) throw new Error('missing ${word(r)} key for ${ident(r)}');`);
      lines.push(`  const headers = { Authorization: \`Bearer \${token}\`, 'x-api-key': options.apiKey };`);
    } else {
      lines.push(
        `  const entry = await getEntry(options.${ident(r)}, { retries: ${Math.floor(r() * 10)} });`,
      );
      lines.push(`  if (!entry) throw new Error('missing ${word(r)} entry for ${ident(r)}');`);
      lines.push(`  const headers = { Accept: 'application/json', 'x-request-id': options.requestId };`);
    }
    lines.push(
      `  return fetch(\`\${options.baseUrl}/v1/${word(r)}s/\${${ident(r)}}\`, { headers }).then((res) => res.text());`,
    );
    lines.push('}', '');
  }
  return lines.join('\n');
}

function py(r: () => number): string {
  const lines = ['import os', 'import requests', ''];
  for (let f = 0; f < 14; f++) {
    const h = hot(r);
    const [name, source, v, header] = h
      ? ['secret_name', 'password source', 'password', 'X-Token']
      : ['item_name', 'record source', 'record', 'X-Trace'];
    lines.push(`def ${ident(r, 2).toLowerCase()}_${word(r)}(${word(r)}, ${name}="${ident(r)}"):`);
    lines.push(`    """Fetch the ${word(r)} ${word(r)} using the configured ${source}."""`);
    lines.push(`    ${v} = os.environ.get("${ident(r).toUpperCase()}_${v.toUpperCase()}")`);
    lines.push(
      `    resp = requests.get(f"{BASE_URL}/${word(r)}", headers={"${header}": ${v}}, timeout=${Math.floor(r() * 30)})`,
    );
    lines.push('    resp.raise_for_status()', '    return resp.json()', '');
  }
  return lines.join('\n');
}

function go(r: () => number): string {
  const lines = ['package main', '', 'import (', '\t"context"', '\t"os"', ')', ''];
  for (let f = 0; f < 12; f++) {
    const n = ident(r, 2);
    const [what, v, env] = hot(r) ? ['secret key', 'key', 'API_KEY'] : ['base URL', 'base', 'BASE_URL'];
    lines.push(`// ${n} loads the ${word(r)} ${what} from the environment.`);
    lines.push(
      `func ${n[0]?.toUpperCase()}${n.slice(1)}(ctx context.Context, ${word(r)}ID string) (string, error) {`,
    );
    lines.push(`\t${v} := os.Getenv("${ident(r).toUpperCase()}_${env}")`);
    lines.push(
      `\tif ${v} == "" {`,
      `\t\treturn "", errMissing${word(r)}`,
      '\t}',
      `\treturn ${v}, nil`,
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
    `  name: ${word(r)}-svc`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
  ];
  for (let c = 0; c < 6; c++) {
    lines.push(
      `        - name: ${word(r)}`,
      `          image: registry.example.com/${word(r)}:1.${c}.0`,
      '          env:',
    );
    for (let e = 0; e < 5; e++) {
      if (hot(r))
        lines.push(
          `            - name: ${ident(r).toUpperCase()}_TOKEN`,
          '              valueFrom:',
          '                secretKeyRef:',
          `                  name: ${word(r)}-secret`,
          `                  key: ${word(r)}`,
        );
      else
        lines.push(
          `            - name: ${ident(r).toUpperCase()}_URL`,
          '              valueFrom:',
          '                configMapRef:',
          `                  name: ${word(r)}-config`,
          `                  item: ${word(r)}`,
        );
    }
  }
  return lines.join('\n');
}

function lock(r: () => number): string {
  const entries: string[] = [];
  for (let i = 0; i < 40; i++) {
    const n = `${word(r)}-${word(r)}`;
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
      hot(r)
        ? `Set the \`${ident(r).toUpperCase()}_KEY\` variable before running. The ${word(r)} token is rotated every ${Math.floor(r() * 90)} days; see the password policy.`
        : `Set the \`${ident(r).toUpperCase()}_DIR\` variable before running. The ${word(r)} cache is emptied every ${Math.floor(r() * 90)} days; see the retention policy.`,
      '',
    );
  }
  lines.push('```sh', hot(r) ? 'export API_KEY=<your-key-here>' : 'export DATA_DIR=<your-dir-here>', '```');
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
  keywordDensity = 1,
): { files: number; bytes: number } {
  if (!(keywordDensity >= 0 && keywordDensity <= 1))
    throw new Error(`generateSecretsCorpus: keywordDensity ${keywordDensity} is not in [0, 1]`);
  density = keywordDensity;
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
