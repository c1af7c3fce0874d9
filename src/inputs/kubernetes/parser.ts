import type { InputDocument, InputFile, InputParser, ParseProblem, ParseResult } from '../document.ts';
import { loadJson } from '../json/load.ts';
import { appendPath } from '../path.ts';
import { loadYaml } from '../yaml/load.ts';
import { DEFAULT_LIMITS, type LoadedDocument, type LoadResult } from '../yaml/loaded.ts';
import { rebasePositions } from '../yaml/rebase.ts';
import { acceptsKubernetes } from './accepts.ts';
import { isMap, podSpecExtras } from './pod-spec.ts';

const NO_UNKNOWNS: ReadonlySet<string> = new Set();
const NO_EXPRESSIONS: Readonly<Record<string, string>> = Object.freeze({});

/** Kubernetes manifests: one document per object, `*List` items expanded (docs/inputs.md). */
export const kubernetesParser: InputParser = {
  type: 'kubernetes',
  accepts: acceptsKubernetes,
  parse(file: InputFile): ParseResult {
    const loaded = load(file);
    const documents: InputDocument[] = [];
    for (const doc of loaded.documents) collect(file.path, doc, documents);
    if (documents.length <= DEFAULT_LIMITS.maxDocuments) return { documents, problems: loaded.problems };
    // `*List` items are documents too: the per-file bound applies to them as well.
    const extra = documents[DEFAULT_LIMITS.maxDocuments] as InputDocument;
    const problem: ParseProblem = {
      file: file.path,
      message: `more than ${DEFAULT_LIMITS.maxDocuments} Kubernetes objects in one file; the rest is not read (line ${extra.range.start.line})`,
      range: extra.range,
    };
    return {
      documents: documents.slice(0, DEFAULT_LIMITS.maxDocuments),
      problems: [...loaded.problems, problem],
    };
  },
};

function load(file: InputFile): LoadResult {
  if (file.path.toLowerCase().endsWith('.json')) return loadJson(file.path, file.content);
  // kubectl reads YAML with go-yaml v2: `privileged: yes` is true there, so it must be here.
  return loadYaml(file.path, file.content, { yaml11Scalars: true, mergeKeys: true });
}

function collect(file: string, doc: LoadedDocument, out: InputDocument[]): void {
  const object = doc.value;
  if (!isMap(object) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return;
  const items = object.items;
  if (object.kind.endsWith('List') && Array.isArray(items)) {
    // `PodList` items may omit their kind; the list says what they are.
    const itemKind = object.kind === 'List' ? '' : object.kind.slice(0, -'List'.length);
    const bases = items.map((_, i) => appendPath('items', i));
    const positions = rebasePositions(doc.positions, 'items', bases);
    items.forEach((item, i) => {
      if (!isMap(item)) return;
      const kind = typeof item.kind === 'string' ? item.kind : itemKind;
      const itemPositions = positions[i] as Map<string, LoadedDocument['range']>;
      const range = itemPositions.get('') ?? doc.range;
      if (kind !== '')
        out.push(toDocument(file, kind, item, { value: item, positions: itemPositions, range }));
    });
    return;
  }
  out.push(toDocument(file, object.kind, object, doc));
}

function toDocument(
  file: string,
  kind: string,
  object: Record<string, unknown>,
  doc: LoadedDocument,
): InputDocument {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? metadata.generateName
        : '';
  const document: InputDocument = {
    type: 'kubernetes',
    file,
    kind,
    name,
    object,
    range: doc.range,
    positions: doc.positions,
    unknownPaths: NO_UNKNOWNS,
    expressions: NO_EXPRESSIONS,
    extras: podSpecExtras(kind, object),
  };
  return typeof metadata.namespace === 'string' ? { ...document, namespace: metadata.namespace } : document;
}
