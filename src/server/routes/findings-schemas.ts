import { Type } from '@sinclair/typebox';
import { SEVERITIES } from '../../core/severity.ts';
import { SORTS } from '../../posture/repository.ts';
import { FINDING_STATUSES } from '../../posture/types.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

// Response fields are plain `enum`s and `type: [X, 'null']`, not `anyOf`: fast-json-stringify
// picks an anyOf branch by running a validator for every value, which was about a tenth of a
// findings-list request's CPU (bench/api-load.ts profile). The JSON is the same.
const enumOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
const nullable = <T extends 'string' | 'integer'>(type: T) =>
  Type.Unsafe<(T extends 'string' ? string : number) | null>({ type: [type, 'null'] });

export const Severity = enumOf(SEVERITIES);
export const Status = enumOf(FINDING_STATUSES);
const NullableStatus = Type.Unsafe<(typeof FINDING_STATUSES)[number] | null>({
  type: ['string', 'null'],
  enum: [...FINDING_STATUSES, null],
});

export const UploadBody = Type.Object(
  {
    service: Type.String({ minLength: 1, maxLength: 200, description: 'Catalog service name' }),
    commit: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    full: Type.Optional(
      Type.Boolean({ description: 'false = partial scan: never marks absent findings fixed (default true)' }),
    ),
    analyzers: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 50,
        description: 'Analyzers the scan ran in full (absent findings of theirs are fixed)',
      }),
    ),
    report: Type.Object({}, { additionalProperties: true, description: 'A rampart-report-v1 JSON report' }),
  },
  { additionalProperties: false },
);

export const UploadResult = Type.Object({
  uploadId: Type.String(),
  serviceId: Type.String(),
  received: Type.Integer(),
  new: Type.Integer(),
  open: Type.Integer(),
  reopened: Type.Integer(),
  fixed: Type.Integer(),
  unchanged: Type.Integer(),
});

export const Finding = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  teamId: Type.String(),
  fingerprint: Type.String(),
  ruleId: Type.String(),
  severity: Severity,
  status: Status,
  title: Type.String(),
  file: nullable('string'),
  line: nullable('integer'),
  analyzer: Type.String(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  fixedAt: nullable('string'),
  slaDueAt: nullable('string'),
  overdue: Type.Boolean(),
});

export const FindingDetail = Type.Intersect([
  Finding,
  Type.Object({
    message: Type.Union([Type.String(), Type.Null()]),
    why: Type.Union([Type.String(), Type.Null()]),
    fix: Type.Union([Type.String(), Type.Null()]),
    references: Type.Array(Type.String()),
    frameworks: Type.Record(Type.String(), Type.Array(Type.String())),
    location: Type.Unknown(),
    events: Type.Array(
      Type.Object({
        id: Type.String(),
        at: Type.String(),
        actor: Type.String(),
        kind: Type.String(),
        from: NullableStatus,
        to: NullableStatus,
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    exceptions: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        reason: Type.String(),
        owner: Type.String(),
        status: Type.String(),
        requestedBy: Type.String(),
        createdAt: Type.String(),
        expiresAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
]);

const csv = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));

export const ListQuery = Type.Object(
  {
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Service name' })),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Team id' })),
    severity: csv('Comma-separated severities'),
    status: csv('Comma-separated statuses'),
    rule: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    framework: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    overdue: Type.Optional(Type.Boolean()),
    sort: Type.Optional(literals(SORTS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
    after: Type.Optional(Type.String({ maxLength: 1000, description: 'Cursor from the previous page' })),
  },
  { additionalProperties: false },
);

export const Page = Type.Object({ items: Type.Array(Finding), next: Type.Optional(Type.String()) });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const ExceptionBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expiresAt: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601; required for waivers' }),
    ),
  },
  { additionalProperties: false },
);

export const BulkWaiveBody = Type.Object(
  {
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 500 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expiresAt: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const Changed = Type.Object({ changed: Type.Array(Type.String()) });
