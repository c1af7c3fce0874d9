import type { CelFunctionGroup } from './types.ts';

export interface ImageRef {
  /** Registry host when the first path part looks like one (`ghcr.io`, `localhost:5000`), else ''. */
  readonly registry: string;
  /** Repository without registry, tag or digest (`library/nginx` stays as written: `nginx`). */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/** Splits `[registry/]repo[:tag][@digest]`; absent parts are ''. Never throws. */
export function parseImageRef(value: unknown): ImageRef {
  if (typeof value !== 'string') return { registry: '', repository: '', tag: '', digest: '' };
  let rest = value.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash is a registry port (`localhost:5000/app`), not a tag.
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = '';
  const first = rest.indexOf('/');
  if (first > 0) {
    const head = rest.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(first + 1);
    }
  }
  return { registry, repository: rest, tag, digest };
}

export const imageFunctions: CelFunctionGroup = {
  name: 'image',
  functions: [
    {
      signature: 'imageTag(dyn): string',
      description:
        "Tag of an image reference (`nginx:1.25` → `1.25`); '' when absent (no implicit `latest`).",
      handler: (ref: unknown) => parseImageRef(ref).tag,
    },
    {
      signature: 'imageDigest(dyn): string',
      description: "Digest (`nginx@sha256:ab…` → `sha256:ab…`); '' when absent.",
      handler: (ref: unknown) => parseImageRef(ref).digest,
    },
    {
      signature: 'imageRepository(dyn): string',
      description: 'Repository without registry, tag and digest (`ghcr.io/a/b:1` → `a/b`).',
      handler: (ref: unknown) => parseImageRef(ref).repository,
    },
    {
      signature: 'imageRegistry(dyn): string',
      description: "Registry host (`ghcr.io/a/b` → `ghcr.io`); '' for Docker Hub short names.",
      handler: (ref: unknown) => parseImageRef(ref).registry,
    },
  ],
};
