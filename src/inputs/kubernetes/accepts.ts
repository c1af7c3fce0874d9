import type { InputFile } from '../document.ts';

const EXTENSION = /\.(ya?ml|json)$/i;
const YAML_API_VERSION = /^\uFEFF?["']?apiVersion["']?[ \t]*:/m;
const YAML_KIND = /^\uFEFF?["']?kind["']?[ \t]*:/m;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;

/**
 * Helm/Go templates are not YAML until rendered: a `{{` directive on its own line, as an unquoted
 * value or list item, or anywhere under a `templates/` folder. Claiming them would flood users
 * with syntax errors. `{{` inside quoted strings or block scalars (Prometheus rules in a
 * ConfigMap) is valid YAML and still scanned.
 */
const TEMPLATE_MARKER = /^[ \t]*(?:-[ \t]+)?\{\{|:[ \t]+\{\{/m;

export function isTemplated(file: InputFile): boolean {
  if (!file.content.includes('{{')) return false;
  return /(^|\/)templates\//.test(file.path) || TEMPLATE_MARKER.test(file.content);
}

const API_VERSION_VALUES = /^\uFEFF?["']?apiVersion["']?[ \t]*:[ \t]*["']?([^\s"'#,}]+)/gm;

/**
 * Rampart's own documents (policy rules, `apiVersion: rampart.dev/v1`) look like Kubernetes
 * objects but are not: a scan of a repository holding a rule pack must not evaluate them.
 */
export function isRampartDocument(file: InputFile): boolean {
  if (!file.content.includes('rampart.dev/')) return false;
  const versions = [...file.content.matchAll(API_VERSION_VALUES)].map((m) => m[1] ?? '');
  return versions.length > 0 && versions.every((v) => v.startsWith('rampart.dev/'));
}

/** `*.yaml|yml|json` with top-level `apiVersion` and `kind`, not a Helm template or a Rampart rule. */
export function acceptsKubernetes(file: InputFile): boolean {
  if (!EXTENSION.test(file.path)) return false;
  const text = file.content;
  const yes = file.path.toLowerCase().endsWith('.json')
    ? JSON_API_VERSION.test(text) && JSON_KIND.test(text)
    : YAML_API_VERSION.test(text) && YAML_KIND.test(text);
  return yes && !isTemplated(file) && !isRampartDocument(file);
}
