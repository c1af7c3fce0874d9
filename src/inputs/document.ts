import type { SourceRange } from '../core/location.ts';

export const INPUT_TYPES = [
  'kubernetes',
  'terraform',
  'dockerfile',
  'github-actions',
  'cloudformation',
] as const;
/** `terraform` covers both HCL sources and plan JSON: rules written once apply to both. */
export type InputType = (typeof INPUT_TYPES)[number];

/**
 * A path into a document's `object`, written the way rules and users read it:
 * `spec.template.spec.containers[0].securityContext.privileged`, `metadata.annotations["a.b/c"]`.
 * See `formatPath`/`parsePath` in path.ts — the one canonical spelling used as map key.
 */
export type FieldPath = string;

/**
 * One unit a policy rule is evaluated against: a Kubernetes object, a Terraform block,
 * a Dockerfile, a workflow, a CloudFormation resource.
 */
export interface InputDocument {
  readonly type: InputType;
  /** Path relative to the scan root, forward slashes. */
  readonly file: string;
  /** k8s kind; Terraform block label type (`aws_s3_bucket`); CFN `AWS::S3::Bucket`; `Dockerfile`; `Workflow`|`Action`. */
  readonly kind: string;
  /** metadata.name, Terraform name label, CFN logical id, workflow name. */
  readonly name: string;
  readonly namespace?: string;
  /** Terraform address (`aws_s3_bucket.b`, `data.x.y`, `module.m.aws_s3_bucket.b`) or CFN logical id. */
  readonly address?: string;
  /** Terraform only: resource | data | module | provider | variable | output | terraform | locals. */
  readonly blockType?: string;
  /** The plain JSON-like value rules see as `object`. Unknown values are `null` and listed in unknownPaths. */
  readonly object: unknown;
  /** The whole document in the file. */
  readonly range: SourceRange;
  /** Range of every field path present in `object` (map keys: the `key: value` pair; list items: the item). */
  readonly positions: ReadonlyMap<FieldPath, SourceRange>;
  /** Paths whose value could not be resolved statically (Terraform references, CFN intrinsics). */
  readonly unknownPaths: ReadonlySet<FieldPath>;
  /** Source text of unresolved expressions by path (e.g. `aws_s3_bucket.b.id`, `{"Ref":"Bucket"}`). */
  readonly expressions: Readonly<Record<FieldPath, string>>;
  /** Extra CEL variables this input type offers (kubernetes: podSpec, podSpecPath, containers). */
  readonly extras: Readonly<Record<string, unknown>>;
}

/** A problem reading a file; becomes a parse-error finding and the scan goes on. */
export interface ParseProblem {
  readonly file: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export interface ParseResult {
  readonly documents: readonly InputDocument[];
  readonly problems: readonly ParseProblem[];
}

export interface InputFile {
  /** Path relative to the scan root, forward slashes. */
  readonly path: string;
  readonly content: string;
}

/**
 * One per input type (folder per implementation, as Kysely does dialects).
 * Registered in src/inputs/registry.ts. Parsers never throw on bad input: they return problems.
 */
export interface InputParser {
  readonly type: InputType;
  /** One-time async set-up (e.g. loading a WebAssembly grammar); called before any parse. */
  init?(): Promise<void>;
  /** Cheap check on path and content; a parser may claim a file only by content (e.g. `apiVersion:` + `kind:`). */
  accepts(file: InputFile): boolean;
  parse(file: InputFile): ParseResult;
  /**
   * Parse several accepted files together when meaning crosses files (Terraform: variables,
   * tfvars and locals of one directory). Defaults to parsing each file alone.
   */
  parseMany?(files: readonly InputFile[]): ParseResult;
}
