import { access } from 'node:fs/promises';
import path from 'node:path';
import type { VexStatement } from '../../deps/vex/types.ts';
import { readBaseline } from './baseline.ts';
import type { Waiver } from './types.ts';
import { loadVexFiles } from './vex-load.ts';
import { loadWaivers } from './waivers.ts';

export const DEFAULT_WAIVERS = '.rampart/waivers.yaml';

export interface LoadedSuppressions {
  readonly waivers: readonly Waiver[];
  readonly baseline?: ReadonlySet<string>;
  /** Statements of the VEX files; absent when none were given. */
  readonly vex?: readonly VexStatement[];
}

/**
 * Loads the waivers file and baseline before any scanning, so a broken one stops the run
 * (exit 2) instead of silently suppressing nothing. An explicit file must exist; the default
 * waivers file is optional.
 */
export async function loadSuppressions(
  root: string,
  waiversFile: string | undefined,
  baselineFile: string | undefined,
  vexFiles: readonly string[] = [],
): Promise<LoadedSuppressions> {
  let waivers: Waiver[] = [];
  const waiversPath = waiversFile ?? path.join(root, DEFAULT_WAIVERS);
  if (waiversFile !== undefined || (await exists(waiversPath))) {
    waivers = await loadWaivers(waiversPath, display(root, waiversPath));
  }
  const vex = vexFiles.length > 0 ? { vex: await loadVexFiles(vexFiles, (f) => display(root, f)) } : {};
  if (baselineFile === undefined) return { waivers, ...vex };
  return { waivers, baseline: await readBaseline(baselineFile, display(root, baselineFile)), ...vex };
}

/** Root-relative when inside the root, so expired-waiver findings point like every other finding; else cwd-relative. */
function display(root: string, file: string): string {
  const inRoot = path.relative(root, file);
  if (inRoot !== '' && !inRoot.startsWith('..') && !path.isAbsolute(inRoot))
    return inRoot.split(path.sep).join('/');
  const fromCwd = path.relative(process.cwd(), file);
  return fromCwd !== '' && !path.isAbsolute(fromCwd) ? fromCwd.split(path.sep).join('/') : file;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
