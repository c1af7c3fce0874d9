/** OSV advisories: record validation, name normalisation, matching and severity (pure). */

export type { Cvss3Score } from './cvss3.ts';
export { cvss3BaseScore, parseCvss3 } from './cvss3.ts';
export type { RecordMatch, VersionCache } from './match.ts';
export { createVersionCache, fixSuggestion, isAffected, matchRecord } from './match.ts';
export { baseEcosystem, ecosystemMatches, normalizePackageName } from './names.ts';
export type { ParseOsvResult } from './parse.ts';
export { parseOsvJson, parseOsvValue } from './parse.ts';
export type { AdvisorySeverity } from './severity.ts';
export { advisorySeverity, cvss4BaseScore, severityFromScore } from './severity.ts';
export type * from './types.ts';
