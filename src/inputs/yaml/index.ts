export type { YamlDialect } from './dialect.ts';
export { LineIndex } from './line-index.ts';
export { loadYaml, type YamlLoadOptions } from './load.ts';
export { DEFAULT_LIMITS, type LoadedDocument, type LoadLimits, type LoadResult } from './loaded.ts';
export { rebasePositions } from './rebase.ts';
