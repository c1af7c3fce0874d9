import type { InputDocument, InputFile, InputParser, ParseProblem, ParseResult } from '../document.ts';
import { loadJson } from '../json/load.ts';
import { appendPath } from '../path.ts';
import { loadYaml } from '../yaml/load.ts';
import type { LoadResult } from '../yaml/loaded.ts';
import { rebasePositions } from '../yaml/rebase.ts';
import { acceptsCloudFormation, isJsonTemplate } from './accepts.ts';
import { longForm } from './intrinsics.ts';
import { type Resolution, resolveIntrinsics } from './resolve.ts';

const NO_EXTRAS: Readonly<Record<string, unknown>> = Object.freeze({});

/** CloudFormation (and SAM) templates: one document per entry of `Resources` (docs/inputs.md). */
export const cloudFormationParser: InputParser = {
  type: 'cloudformation',
  accepts: acceptsCloudFormation,
  parse(file: InputFile): ParseResult {
    const loaded = load(file);
    const problems: ParseProblem[] = [...loaded.problems];
    const template = loaded.documents[0];
    if (template === undefined) return { documents: [], problems };
    const root = asMap(template.value);
    const resources = asMap(root?.Resources);
    if (root === undefined || resources === undefined) {
      problems.push({ file: file.path, message: 'template has no Resources mapping', range: template.range });
      return { documents: [], problems };
    }
    const defaults = parameterDefaults(root.Parameters);
    const ids = Object.keys(resources);
    const bases = ids.map((id) => appendPath('Resources', id));
    const positions = rebasePositions(template.positions, 'Resources', bases);
    const documents: InputDocument[] = [];
    ids.forEach((id, i) => {
      const own = positions[i] ?? new Map();
      const range = own.get('') ?? template.range;
      const resource = asMap(resources[id]);
      if (resource === undefined || typeof resource.Type !== 'string') {
        problems.push({ file: file.path, message: `resource ${id} has no Type`, range });
        return;
      }
      const resolution: Resolution = { unknownPaths: new Set(), expressions: {} };
      const object = resolveIntrinsics(resource, '', defaults, resolution);
      documents.push({
        type: 'cloudformation',
        file: file.path,
        kind: resource.Type,
        name: id,
        address: id,
        object,
        range,
        positions: own,
        unknownPaths: resolution.unknownPaths,
        expressions: resolution.expressions,
        extras: NO_EXTRAS,
      });
    });
    return { documents, problems };
  },
};

function load(file: InputFile): LoadResult {
  if (isJsonTemplate(file)) return loadJson(file.path, file.content);
  // CloudFormation reads YAML 1.1 (`yes` is true) and turns `!Ref x` into `{"Ref": x}`.
  return loadYaml(file.path, file.content, { yaml11Scalars: true, onTag: longForm });
}

/** Parameter name → `Default`, for parameters that have one (`Ref` to them resolves to it). */
function parameterDefaults(parameters: unknown): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  const map = asMap(parameters);
  if (map === undefined) return defaults;
  for (const [name, parameter] of Object.entries(map)) {
    const p = asMap(parameter);
    if (p === undefined || !Object.hasOwn(p, 'Default')) continue;
    // For SSM parameter types the default is the SSM key, not the value `Ref` yields.
    if (typeof p.Type === 'string' && p.Type.startsWith('AWS::SSM::Parameter::Value')) continue;
    defaults.set(name, p.Default);
  }
  return defaults;
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
