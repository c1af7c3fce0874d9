import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';

function io(env: Record<string, string> = {}): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return {
    cwd: process.cwd(),
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    out: () => undefined,
    err: (text) => errors.push(text),
    readStdin: async () => new Uint8Array(),
    errors,
  };
}

test('serve: a bad port is a usage error naming its source', async () => {
  const flag = io();
  assert.equal(await main(['serve', '--port', '70000'], flag), 2);
  assert.match(flag.errors.join(''), /--port: '70000' is not a port number/);
  const env = io({ RAMPART_PORT: 'http' });
  assert.equal(await main(['serve'], env), 2);
  assert.match(env.errors.join(''), /RAMPART_PORT: 'http' is not a port number/);
});

test('serve: --data and --database-url together are refused', async () => {
  const both = io();
  assert.equal(await main(['serve', '--data', 'x', '--database-url', 'postgres://h/db'], both), 2);
  assert.match(both.errors.join(''), /either --data .* or --database-url/);
});

test('serve: a half-configured IdP is a config error naming the variable', async () => {
  const half = io({ RAMPART_OIDC_ISSUER: 'https://idp.example.com' });
  assert.equal(await main(['serve', '--data', '/nonexistent/never-created'], half), 2);
  assert.match(half.errors.join(''), /RAMPART_OIDC_CLIENT_ID is required/);
});
