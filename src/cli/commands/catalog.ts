import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { RampartError, UsageError } from '../../core/errors.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';

interface ImportFlags {
  readonly url?: string;
  readonly token?: string;
  readonly json?: boolean;
}

/** What POST /api/catalog/import answers (src/catalog/backstage-import.ts ImportReport). */
interface ImportAnswer {
  readonly entries: ReadonlyArray<{
    kind: string;
    name: string;
    file: string;
    line: number;
    outcome: string;
    message?: string;
  }>;
  readonly counts: Record<string, number>;
}

/** `rampart catalog import FILE... --url URL --token T`: sends Backstage YAML to the server. */
export function registerCatalog(program: Command, io: CliIo, state: CliState): void {
  const catalog = program.command('catalog').description('manage the Rampart service catalog on a server');
  catalog
    .command('import')
    .description(
      'import Backstage catalog-info.yaml files (Group, User, Component, System) into a Rampart server',
    )
    .argument('<files...>', 'catalog-info.yaml files (multi-document YAML)')
    .option('--url <url>', 'Rampart server URL, e.g. http://127.0.0.1:7070')
    .option('--token <token>', 'API token with catalog:write (or set RAMPART_TOKEN)')
    .option('--json', 'print the server’s reports as JSON (one per file, one per line)')
    .action(async (files: string[], flags: ImportFlags) => {
      const endpoint = importEndpoint(flags.url);
      const token = flags.token ?? io.env.RAMPART_TOKEN;
      if (!token) throw new UsageError('catalog import needs an API token: --token T or RAMPART_TOKEN');
      let errors = 0;
      for (const file of files) {
        const path = resolve(io.cwd, file);
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch (error) {
          throw new RampartError('E_IO', `cannot read ${file}: ${(error as Error).message}`, {
            file,
            cause: error,
          });
        }
        const name = relative(io.cwd, path) || file;
        const answer = await post(endpoint, token, name, text);
        errors += answer.counts.error ?? 0;
        if (flags.json) io.out(`${JSON.stringify(answer)}\n`);
        else
          for (const e of answer.entries)
            io.out(
              `${e.file}:${e.line}: ${e.outcome} ${e.kind} ${e.name}${e.message ? ` — ${e.message}` : ''}\n`,
            );
        const c = answer.counts;
        io.err(
          `rampart: ${name}: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.unchanged ?? 0} unchanged, ${c.skipped ?? 0} skipped, ${c.error ?? 0} errors\n`,
        );
      }
      // Like a scan with findings: the import ran, but some entities need fixing.
      state.exitCode = errors > 0 ? 1 : 0;
    });
}

function importEndpoint(url: string | undefined): URL {
  if (!url) throw new UsageError('--url needs the server URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url: ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:7070)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError('--url: only http and https URLs are supported');
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/api/catalog/import`;
  return parsed;
}

/** Errors name the server's status and message, never the token. */
async function post(endpoint: URL, token: string, file: string, text: string): Promise<ImportAnswer> {
  const url = new URL(endpoint);
  url.searchParams.set('file', file);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', authorization: `Bearer ${token}` },
      body: text,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new RampartError('E_IO', `catalog import to ${endpoint.origin} failed: ${cause}`, { cause: error });
  }
  const body = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    answer = undefined;
  }
  if (!response.ok) {
    const message = (answer as { message?: unknown } | undefined)?.message;
    throw new RampartError(
      'E_IO',
      `catalog import of ${file} refused: HTTP ${response.status}: ${typeof message === 'string' ? message : body.slice(0, 200)}`,
    );
  }
  const a = answer as ImportAnswer | undefined;
  if (!a || !Array.isArray(a.entries) || typeof a.counts !== 'object')
    throw new RampartError('E_IO', `catalog import of ${file}: the server's answer is not an import report`);
  return a;
}
