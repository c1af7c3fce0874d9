/** Local OSV advisory index (SQLite): import, update, status, staleness and package matching. */

export type { AdvisoryDb, OpenOptions } from './database.ts';
export { ADVISORY_SCHEMA_VERSION, openAdvisoryDb } from './database.ts';
export type { ImportOptions, ImportResult } from './import.ts';
export { importPath, importPaths } from './import.ts';
export type { AdvisoryMatch, PackageRef } from './match.ts';
export { matchPackages } from './match.ts';
export { ADVISORY_DB_FILE, defaultAdvisoryDbPath } from './paths.ts';
export type { AdvisoryDbStatus, SourceStatus, Staleness } from './status.ts';
export { advisoryDbStatus, checkStaleness, DEFAULT_MAX_AGE_MS, formatAge } from './status.ts';
export type { UpdateOptions, UpdateResult } from './update.ts';
export { DEFAULT_UPDATE_ECOSYSTEMS, exportUrl, OSV_EXPORT_BASE_URL, updateFromOsv } from './update.ts';
export type { ImportCounts } from './writer.ts';
export type { ZipLimits } from './zip.ts';
export { DEFAULT_ZIP_LIMITS } from './zip.ts';
