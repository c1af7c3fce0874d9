export { acceptsKubernetes, isTemplated } from './accepts.ts';
export { kubernetesParser } from './parser.ts';
export { type ContainerRef, type PodSpecExtras, podSpecExtras, WORKLOAD_KINDS } from './pod-spec.ts';
