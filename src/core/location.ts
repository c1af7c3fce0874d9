/** 1-based line and column, as editors and SARIF count them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface SourceRange {
  readonly start: Position;
  readonly end: Position;
}

/** A resource inside a file: a Kubernetes object, a Terraform block, a CloudFormation resource… */
export interface ResourceRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Terraform address (`aws_s3_bucket.logs`, `module.net.aws_vpc.main`) or CloudFormation logical id. */
  readonly address?: string;
}

export interface Location {
  /** Path relative to the scan root, with forward slashes. */
  readonly file?: string;
  readonly range?: SourceRange;
  readonly resource?: ResourceRef;
}

export function formatLocation(location: Location): string {
  const parts: string[] = [];
  if (location.file) {
    parts.push(location.range ? `${location.file}:${location.range.start.line}` : location.file);
  }
  if (location.resource) {
    const r = location.resource;
    parts.push(r.address ?? [r.kind, r.namespace, r.name].filter(Boolean).join('/'));
  }
  return parts.join(' ');
}
