import { cidrFunctions } from './cidr.ts';
import { documentFunctions } from './documents.ts';
import { imageFunctions } from './image.ts';
import { jsonFunctions } from './json.ts';
import { listFunctions } from './lists.ts';
import { portFunctions } from './ports.ts';
import { regexFunctions } from './regex.ts';
import { setFunctions } from './sets.ts';
import { stringFunctions } from './strings.ts';
import type { CelFunctionGroup } from './types.ts';

/** Every extra CEL function group, registered in this order. Add a group here and nowhere else. */
export const CEL_FUNCTION_GROUPS: readonly CelFunctionGroup[] = [
  cidrFunctions,
  portFunctions,
  imageFunctions,
  stringFunctions,
  listFunctions,
  jsonFunctions,
  setFunctions,
  regexFunctions,
  documentFunctions,
];
