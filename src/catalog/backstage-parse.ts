import { type Document, isNode, LineCounter, parseAllDocuments } from 'yaml';

/** One entity of a catalog-info.yaml, reduced to what Rampart stores, with where it came from. */
export type BackstageEntity =
  | {
      readonly kind: 'Group';
      readonly name: string;
      readonly displayName?: string;
      readonly members: readonly string[];
      readonly at: Where;
    }
  | {
      readonly kind: 'User';
      readonly name: string;
      readonly email?: string;
      readonly displayName?: string;
      readonly memberOf: readonly string[];
      readonly at: Where;
    }
  | {
      readonly kind: 'Component';
      readonly name: string;
      readonly owner?: string;
      readonly system?: string;
      readonly lifecycle?: string;
      readonly type?: string;
      readonly tier?: string;
      readonly dataClassification?: string;
      readonly repository?: string;
      readonly at: Where;
    }
  | {
      readonly kind: 'System';
      readonly name: string;
      readonly displayName?: string;
      readonly owner?: string;
      readonly at: Where;
    };

export interface Where {
  readonly file: string;
  readonly line: number;
}

/** A document that could not be read as an entity (parse error, no kind/name, unsupported kind). */
export interface ParseProblem {
  readonly at: Where;
  readonly kind?: string;
  readonly name?: string;
  readonly message: string;
  /** Unsupported kinds are skipped, not errors. */
  readonly skipped?: true;
}

/** Annotations (or labels) Rampart reads from metadata; documented in docs/catalog.md. */
export const TIER_KEY = 'rampart.dev/tier';
export const DATA_CLASSIFICATION_KEY = 'rampart.dev/data-classification';

/** Parses every document of one file; never throws, whatever the text. */
export function parseBackstage(
  file: string,
  text: string,
): { entities: BackstageEntity[]; problems: ParseProblem[] } {
  const lineCounter = new LineCounter();
  const entities: BackstageEntity[] = [];
  const problems: ParseProblem[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    return {
      entities,
      problems: [{ at: { file, line: 1 }, message: `not YAML: ${(error as Error).message}` }],
    };
  }
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  for (const doc of docs) {
    const start = lineOf(doc.contents?.range?.[0] ?? doc.range?.[0]);
    const err = doc.errors[0];
    if (err) {
      problems.push({
        at: { file, line: lineOf(err.pos[0]) },
        message: `YAML error: ${err.message.split('\n')[0]}`,
      });
      continue;
    }
    if (doc.contents === null) continue; // empty document (e.g. a trailing ---)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      problems.push({ at: { file, line: start }, message: `YAML error: ${(error as Error).message}` });
      continue;
    }
    // Line of a field, e.g. ['spec', 'owner'], falling back to the document's first line.
    const at = (...path: string[]): Where => {
      const node = doc.getIn(path, true);
      return { file, line: isNode(node) ? lineOf(node.range?.[0]) : start };
    };
    const entity = toEntity(value, at, { file, line: start });
    if ('message' in entity) problems.push(entity);
    else entities.push(entity);
  }
  return { entities, problems };
}

type At = (...path: string[]) => Where;

function toEntity(value: unknown, at: At, docAt: Where): BackstageEntity | ParseProblem {
  if (!isObject(value))
    return { at: docAt, message: 'document is not a mapping (expected a Backstage entity)' };
  const kind = str(value.kind);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const spec = isObject(value.spec) ? value.spec : {};
  const name = str(metadata.name);
  if (!kind) return { at: docAt, message: 'kind is missing' };
  if (!name) return { at: at('metadata'), kind, message: 'metadata.name is missing' };
  const where = at('metadata', 'name');
  const displayName =
    str(metadata.title) ?? str(isObject(spec.profile) ? spec.profile.displayName : undefined);
  const opt = <K extends string>(key: K, v: string | undefined) => (v === undefined ? {} : { [key]: v });
  switch (kind) {
    case 'Group':
      return { kind, name, ...opt('displayName', displayName), members: refs(spec.members), at: where };
    case 'User':
      return {
        kind,
        name,
        ...opt('email', str(isObject(spec.profile) ? spec.profile.email : undefined)),
        ...opt('displayName', displayName),
        memberOf: refs(spec.memberOf),
        at: where,
      };
    case 'Component': {
      const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
      const labels = isObject(metadata.labels) ? metadata.labels : {};
      const owner = refs([spec.owner])[0];
      const system = refs([spec.system])[0];
      return {
        kind,
        name,
        ...opt('owner', owner),
        ...opt('system', system),
        ...opt('lifecycle', str(spec.lifecycle)),
        ...opt('type', str(spec.type)),
        ...opt('tier', str(annotations[TIER_KEY]) ?? str(labels[TIER_KEY])),
        ...opt(
          'dataClassification',
          str(annotations[DATA_CLASSIFICATION_KEY]) ?? str(labels[DATA_CLASSIFICATION_KEY]),
        ),
        ...opt('repository', repositoryOf(annotations)),
        at: where,
      };
    }
    case 'System':
      return {
        kind,
        name,
        ...opt('displayName', displayName),
        ...opt('owner', refs([spec.owner])[0]),
        at: where,
      };
    default:
      return { at: where, kind, name, message: `kind ${kind} is not imported`, skipped: true };
  }
}

/** Repository URL from the usual Backstage annotations. */
function repositoryOf(annotations: Record<string, unknown>): string | undefined {
  for (const host of ['github.com', 'gitlab.com']) {
    const slug = str(annotations[`${host}/project-slug`]);
    if (slug) return `https://${host}/${slug}`;
  }
  const source = str(annotations['backstage.io/source-location']);
  if (source?.startsWith('url:'))
    return source
      .slice(4)
      .replace(/\/tree\/.*$/, '')
      .replace(/\/$/, '');
  return undefined;
}

/** Entity references (`group:default/payments`, `payments`) → the bare name. */
function refs(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v) => {
    const s = str(v);
    if (!s) return [];
    const withoutKind = s.includes(':') ? s.slice(s.indexOf(':') + 1) : s;
    return [withoutKind.includes('/') ? withoutKind.slice(withoutKind.lastIndexOf('/') + 1) : withoutKind];
  });
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
