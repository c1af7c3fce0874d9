import type { InputFile } from '../document.ts';

const WORKFLOW_PATH = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;
const ACTION_PATH = /(^|\/)action\.ya?ml$/i;
const YAML_PATH = /\.ya?ml$/i;
// Top-level keys only (column 0); `on` may be quoted because YAML 1.1 tools turn it into a boolean.
const TOP_ON = /^\uFEFF?["']?on["']?[ \t]*:/m;
const TOP_JOBS = /^\uFEFF?["']?jobs["']?[ \t]*:/m;

export function isActionPath(path: string): boolean {
  return ACTION_PATH.test(path);
}

/** `.github/workflows/*.y(a)ml`, `action.y(a)ml`, or any YAML file with top-level `on:` and `jobs:`. */
export function acceptsGithubActions(file: InputFile): boolean {
  if (WORKFLOW_PATH.test(file.path) || ACTION_PATH.test(file.path)) return true;
  return YAML_PATH.test(file.path) && TOP_ON.test(file.content) && TOP_JOBS.test(file.content);
}
