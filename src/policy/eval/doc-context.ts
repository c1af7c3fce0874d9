import type { InputDocument } from '../../inputs/document.ts';
import { toCel } from '../cel/values.ts';

const docVars = new WeakMap<InputDocument, Record<string, unknown>>();

/**
 * The CEL variables of one document, converted once and cached by document identity:
 * every rule evaluated on the document shares them. `documents` is not here: it depends on the
 * run's document set, so the engine layers it on top as a lazy getter.
 */
export function documentContext(doc: InputDocument): Record<string, unknown> {
  const hit = docVars.get(doc);
  // A fresh flat copy per run: rules set `variables`, `documents` and forEach names on it.
  if (hit) return { ...hit };
  const ctx: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.extras)) ctx[key] = toCel(value);
  ctx.podSpec ??= null;
  ctx.podSpecPath ??= '';
  ctx.containers ??= [];
  ctx.object = toCel(doc.object);
  ctx.document = {
    type: doc.type,
    file: doc.file,
    kind: doc.kind,
    name: doc.name,
    namespace: doc.namespace ?? '',
    address: doc.address ?? '',
    blockType: doc.blockType ?? '',
    expressions: { ...doc.expressions },
  };
  ctx.variables = null;
  ctx.documents = null;
  docVars.set(doc, ctx);
  return { ...ctx };
}

/** The `documents` list for one input type, built once per evaluation run. */
export function documentsList(docs: readonly InputDocument[]): unknown[] {
  return docs.map((d) => ({
    type: d.type,
    file: d.file,
    kind: d.kind,
    name: d.name,
    namespace: d.namespace ?? '',
    address: d.address ?? '',
    blockType: d.blockType ?? '',
    // Unresolved references (`aws_s3_bucket.b.id`) are how Terraform/CFN documents point at each other.
    expressions: { ...d.expressions },
    object: toCel(d.object),
  }));
}
