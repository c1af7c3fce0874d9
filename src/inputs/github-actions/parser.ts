import type { InputDocument, InputFile, InputParser, ParseProblem, ParseResult } from '../document.ts';
import { loadYaml } from '../yaml/load.ts';
import { acceptsGithubActions, isActionPath } from './accepts.ts';

const NO_UNKNOWNS: ReadonlySet<string> = new Set();
const NO_EXPRESSIONS: Readonly<Record<string, string>> = Object.freeze({});
const NO_EXTRAS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * GitHub Actions workflows and action metadata: one document per file (docs/inputs.md).
 * Read as YAML 1.2 like GitHub does, so the `on` key stays the string `on`.
 */
export const githubActionsParser: InputParser = {
  type: 'github-actions',
  accepts: acceptsGithubActions,
  parse(file: InputFile): ParseResult {
    const loaded = loadYaml(file.path, file.content);
    const problems: ParseProblem[] = [...loaded.problems];
    const [first, ...rest] = loaded.documents;
    if (rest.length > 0 && rest[0] !== undefined) {
      problems.push({
        file: file.path,
        message:
          'GitHub reads one YAML document per workflow file; the documents after the first are ignored',
        range: rest[0].range,
      });
    }
    if (first === undefined) return { documents: [], problems };
    const object = first.value;
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      problems.push({
        file: file.path,
        message: 'a workflow or action must be a YAML mapping',
        range: first.range,
      });
      return { documents: [], problems };
    }
    const map = object as Record<string, unknown>;
    const document: InputDocument = {
      type: 'github-actions',
      file: file.path,
      kind: isAction(file.path, map) ? 'Action' : 'Workflow',
      name: typeof map.name === 'string' && map.name !== '' ? map.name : file.path,
      object: map,
      range: first.range,
      positions: first.positions,
      unknownPaths: NO_UNKNOWNS,
      expressions: NO_EXPRESSIONS,
      extras: NO_EXTRAS,
    };
    return { documents: [document], problems };
  },
};

/** `action.yml` by name, or by shape: actions have `runs`, workflows have `jobs`. */
function isAction(path: string, map: Record<string, unknown>): boolean {
  return isActionPath(path) || (Object.hasOwn(map, 'runs') && !Object.hasOwn(map, 'jobs'));
}
