import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RampartError, UsageError } from '../core/errors.ts';
import { toJsonReport } from '../report/json.ts';
import type { ScanResult } from '../report/reporter.ts';
import type { CliIo } from './io.ts';

/** `--upload/--token/--service/--commit/--branch` of `rampart scan`, and the same for `rampart push`. */
export interface UploadFlags {
  readonly upload?: string;
  readonly token?: string;
  readonly service?: string;
  readonly commit?: string;
  readonly branch?: string;
  /** false with --partial: the server will not mark absent findings fixed. */
  readonly full?: boolean;
}

export interface UploadTarget {
  /** The server's base URL, or the full …/api/uploads URL. */
  readonly url: string;
  readonly token: string;
  readonly service: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly full: boolean;
}

/** What the server answers (src/posture UploadSummary). */
export interface UploadAnswer {
  readonly uploadId: string;
  readonly received: number;
  readonly new: number;
  readonly open: number;
  readonly reopened: number;
  readonly fixed: number;
  readonly unchanged: number;
}

const run = promisify(execFile);

/** HEAD's commit and branch when `dir` is in a git work tree; nothing otherwise (never fails). */
export async function gitDefaults(dir: string): Promise<{ commit?: string; branch?: string }> {
  const git = async (...args: string[]) => {
    try {
      const { stdout } = await run('git', args, { cwd: dir, timeout: 5000 });
      const value = stdout.trim();
      return value === '' || value === 'HEAD' ? undefined : value;
    } catch {
      return undefined;
    }
  };
  const [commit, branch] = await Promise.all([
    git('rev-parse', 'HEAD'),
    git('rev-parse', '--abbrev-ref', 'HEAD'),
  ]);
  return { ...(commit ? { commit } : {}), ...(branch ? { branch } : {}) };
}

/**
 * Checks the flags and fills commit/branch from git when not given. The token may come from
 * RAMPART_TOKEN instead of --token (keeps it out of process listings and shell history).
 */
export async function resolveUploadTarget(
  url: string | undefined,
  flags: UploadFlags,
  io: CliIo,
  dir: string,
  urlFlag: string,
): Promise<UploadTarget> {
  if (url === undefined || url === '') throw new UsageError(`${urlFlag} needs the server URL`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${urlFlag}: ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:7070)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`${urlFlag}: only http and https URLs are supported`);
  const token = flags.token ?? io.env.RAMPART_TOKEN;
  if (!token) throw new UsageError('uploading needs an API token: --token T or RAMPART_TOKEN');
  if (!flags.service)
    throw new UsageError('uploading needs --service NAME (the service in the Rampart catalog)');
  const git = flags.commit && flags.branch ? {} : await gitDefaults(dir);
  const commit = flags.commit ?? git.commit;
  const branch = flags.branch ?? git.branch;
  return {
    url,
    token,
    service: flags.service,
    ...(commit ? { commit } : {}),
    ...(branch ? { branch } : {}),
    full: flags.full !== false,
  };
}

/** The endpoint for a base URL (`http://host:7070` → `http://host:7070/api/uploads`). */
export function uploadsEndpoint(url: string): string {
  const u = new URL(url);
  if (!u.pathname.endsWith('/api/uploads')) u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/uploads`;
  return u.toString();
}

/** POSTs a JSON report for a service; errors name the server's status and message, never the token. */
export async function uploadReport(
  report: unknown,
  target: UploadTarget,
  options: { timeoutMs?: number } = {},
): Promise<UploadAnswer> {
  const endpoint = uploadsEndpoint(target.url);
  const body = JSON.stringify({
    service: target.service,
    ...(target.commit ? { commit: target.commit } : {}),
    ...(target.branch ? { branch: target.branch } : {}),
    full: target.full,
    report,
  });
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new RampartError('E_IO', `upload to ${endpoint} failed: ${reason}`, { cause: error });
  }
  const text = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (!response.ok) {
    const err = answer as { message?: unknown; details?: { hint?: unknown } } | undefined;
    const message = typeof err?.message === 'string' ? err.message : text.slice(0, 200);
    const hint = typeof err?.details?.hint === 'string' ? ` (${err.details.hint})` : '';
    throw new RampartError(
      'E_IO',
      `upload to ${endpoint} refused: HTTP ${response.status}: ${message}${hint}`,
    );
  }
  if (typeof answer !== 'object' || answer === null || typeof (answer as UploadAnswer).uploadId !== 'string')
    throw new RampartError('E_IO', `upload to ${endpoint}: the server's answer is not an upload summary`);
  return answer as UploadAnswer;
}

/** One line for stderr: what the server made of the upload. */
export function describeUpload(service: string, a: UploadAnswer): string {
  return `rampart: uploaded ${a.received} findings for ${service}: ${a.new} new, ${a.open} now open, ${a.reopened} reopened, ${a.fixed} fixed, ${a.unchanged} unchanged (upload ${a.uploadId})\n`;
}

/** `rampart scan --upload URL`: sends the scan's JSON report; the summary goes to stderr. */
export async function uploadScan(
  result: ScanResult,
  flags: UploadFlags & { quiet?: boolean },
  io: CliIo,
  scope: { root: string; partial: boolean },
): Promise<UploadAnswer> {
  const target = await resolveUploadTarget(
    flags.upload,
    { ...flags, full: !scope.partial },
    io,
    scope.root,
    '--upload',
  );
  const answer = await uploadReport(toJsonReport(result), target);
  if (!flags.quiet) io.err(describeUpload(target.service, answer));
  return answer;
}
