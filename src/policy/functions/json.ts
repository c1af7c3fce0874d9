import { toCel } from '../cel/values.ts';
import type { CelFunctionGroup } from './types.ts';

/**
 * JSON documents embedded as strings: Terraform IAM policies (`jsonencode({...})` and heredocs
 * evaluate to a JSON string, as in the plan), CloudFormation `PolicyDocument` strings. Rules need
 * the structure to look at `Statement[].Action`, so they decode it here.
 */

/**
 * A JSON string → its value as CEL sees document values (integral numbers as int). Maps and
 * lists are returned unchanged, so rules work whether a policy arrives as text or as structure.
 * Anything else, invalid JSON or pathological nesting → null (never throws).
 */
export function jsonDecode(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return value;
  if (typeof value !== 'string') return null;
  try {
    return toCel(JSON.parse(value));
  } catch {
    return null;
  }
}

export const jsonFunctions: CelFunctionGroup = {
  name: 'json',
  functions: [
    {
      signature: 'jsonDecode(dyn): dyn',
      description:
        'Decodes a JSON string (`jsonDecode(object.policy).Statement`); maps and lists pass through unchanged; null for invalid JSON, null or other types.',
      handler: (value: unknown) => jsonDecode(value),
    },
  ],
};
