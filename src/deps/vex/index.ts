export { parseVex } from './parse.ts';
export { osvPackage, type Purl, parsePurl, purlIdentity } from './purl.ts';
export type { VexStatement } from './types.ts';
