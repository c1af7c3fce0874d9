import type { FieldPath } from '../document.ts';

/** Where each workload kind keeps its pod spec (docs/inputs.md). */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Kinds that carry a pod spec: what `kinds: [Workload]` in a rule matches. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

export interface ContainerRef {
  /** Path of the container in the document, e.g. `spec.template.spec.containers[0]`. */
  readonly path: FieldPath;
  readonly type: 'container' | 'initContainer' | 'ephemeralContainer';
  readonly spec: Record<string, unknown>;
}

/**
 * The kubernetes extras rules see as CEL variables: `podSpecPath`, `podSpec`, `containers`.
 * A type alias, not an interface, so it fits `InputDocument.extras`.
 */
export type PodSpecExtras = {
  /** '' for kinds without a pod spec; the kind's path otherwise, even if the spec is missing. */
  readonly podSpecPath: FieldPath;
  readonly podSpec: Record<string, unknown> | null;
  readonly containers: readonly ContainerRef[];
};

export function podSpecExtras(kind: string, object: unknown): PodSpecExtras {
  const segments = Object.hasOwn(POD_SPEC_PATHS, kind) ? POD_SPEC_PATHS[kind] : undefined;
  if (segments === undefined) return { podSpecPath: '', podSpec: null, containers: [] };
  const podSpecPath = segments.join('.');
  let node: unknown = object;
  for (const segment of segments) node = isMap(node) ? node[segment] : undefined;
  if (!isMap(node)) return { podSpecPath, podSpec: null, containers: [] };
  const containers: ContainerRef[] = [];
  for (const [field, type] of CONTAINER_LISTS) {
    const list = node[field];
    if (!Array.isArray(list)) continue;
    list.forEach((spec, i) => {
      if (isMap(spec)) containers.push({ path: `${podSpecPath}.${field}[${i}]`, type, spec });
    });
  }
  return { podSpecPath, podSpec: node, containers };
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
