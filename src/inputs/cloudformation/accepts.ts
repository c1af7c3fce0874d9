import type { InputFile } from '../document.ts';

const EXTENSION = /\.(ya?ml|json|template)$/i;
// YAML: top-level keys only (column 0). JSON: anywhere, as JSON has no cheap notion of top level.
const YAML_VERSION = /^\uFEFF?["']?AWSTemplateFormatVersion["']?[ \t]*:/m;
const YAML_RESOURCES = /^\uFEFF?["']?Resources["']?[ \t]*:/m;
const YAML_AWS_TYPE = /^[ \t]+["']?Type["']?[ \t]*:[ \t]*["']?AWS::/m;
const JSON_VERSION = /"AWSTemplateFormatVersion"\s*:/;
const JSON_RESOURCES = /"Resources"\s*:/;
const JSON_AWS_TYPE = /"Type"\s*:\s*"AWS::/;

/** Whether a file is read as JSON: `*.json`, or a `*.template` whose text starts with `{`. */
export function isJsonTemplate(file: InputFile): boolean {
  const path = file.path.toLowerCase();
  return path.endsWith('.json') || (path.endsWith('.template') && file.content.trimStart().startsWith('{'));
}

/** YAML/JSON with `AWSTemplateFormatVersion`, or `Resources` holding `Type: AWS::…` entries. */
export function acceptsCloudFormation(file: InputFile): boolean {
  if (!EXTENSION.test(file.path)) return false;
  const text = file.content;
  if (isJsonTemplate(file)) {
    return JSON_VERSION.test(text) || (JSON_RESOURCES.test(text) && JSON_AWS_TYPE.test(text));
  }
  return YAML_VERSION.test(text) || (YAML_RESOURCES.test(text) && YAML_AWS_TYPE.test(text));
}
