/**
 * `rampart db update`: downloads OSV's per-ecosystem exports (`<BASE>/<ecosystem>/all.zip`) and
 * imports them. Each download goes to a temporary file (bounded size) and is imported like a
 * local zip, so the bounds and problem reporting are the same as `db import`. One ecosystem that
 * fails (404, network, corrupt zip) is reported and the others still update.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { OsvProblem } from '../../deps/osv/types.ts';
import type { AdvisoryDb } from './database.ts';
import { type ImportResult, importPath } from './import.ts';
import type { ZipLimits } from './zip.ts';

/** OSV's public bucket of exports (https://google.github.io/osv.dev/data/#data-dumps). */
export const OSV_EXPORT_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The ecosystems Rampart's lockfile parsers produce packages for. */
export const DEFAULT_UPDATE_ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
] as const;

export interface UpdateOptions {
  readonly baseUrl?: string;
  readonly ecosystems?: readonly string[];
  /** Largest download accepted per ecosystem (default 2 GiB). */
  readonly maxDownloadBytes?: number;
  readonly timeoutMs?: number;
  readonly limits?: ZipLimits;
  readonly onProgress?: (message: string) => void;
}

export interface UpdateResult {
  readonly imports: readonly ImportResult[];
  /** Downloads that failed, one per ecosystem. */
  readonly problems: readonly OsvProblem[];
}

export function exportUrl(baseUrl: string, ecosystem: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

async function download(url: string, file: string, maxBytes: number, timeoutMs: number): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok || !response.body)
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`download of ${declared} bytes exceeds ${maxBytes}`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? new Error(`download exceeds ${maxBytes} bytes`) : null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    limit,
    createWriteStream(file),
  );
}

export async function updateFromOsv(db: AdvisoryDb, options: UpdateOptions = {}): Promise<UpdateResult> {
  const base = options.baseUrl ?? OSV_EXPORT_BASE_URL;
  if (!/^https?:\/\//i.test(base))
    throw new TypeError(`--url must be an http(s) URL, got ${JSON.stringify(base)}`);
  const ecosystems = options.ecosystems ?? DEFAULT_UPDATE_ECOSYSTEMS;
  const dir = mkdtempSync(join(tmpdir(), 'rampart-osv-'));
  const imports: ImportResult[] = [];
  const problems: OsvProblem[] = [];
  try {
    for (const ecosystem of ecosystems) {
      const url = exportUrl(base, ecosystem);
      const file = join(dir, `${ecosystems.indexOf(ecosystem)}.zip`);
      options.onProgress?.(`downloading ${url}`);
      try {
        await download(
          url,
          file,
          options.maxDownloadBytes ?? 2 * 1024 ** 3,
          options.timeoutMs ?? 15 * 60_000,
        );
      } catch (error) {
        problems.push({
          severity: 'error',
          file: url,
          message: `${url}: download failed: ${(error as Error).message}`,
        });
        continue;
      }
      imports.push(
        await importPath(db, file, {
          sourceName: url,
          ...(options.limits ? { limits: options.limits } : {}),
        }),
      );
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { imports, problems };
}
