import { type TSchema, Type } from '@sinclair/typebox';

/** The one error shape, referenced by every route's responses in /openapi.json. */
export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. E_VALIDATION' }),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'Error', title: 'Error' },
);

const errorRef = Type.Ref('Error');

/** Standard error responses a route may return, added to its own success responses. */
export function withErrors(
  ok: Record<number, TSchema>,
  errors: readonly number[] = [400, 401, 403],
): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...ok };
  for (const status of errors) out[status] = errorRef;
  return out;
}
