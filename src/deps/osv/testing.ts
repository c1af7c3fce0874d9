/** Builders for OSV records in tests and the benchmark (plain JSON, as a database ships it). */
export interface RecordOptions {
  readonly id?: string;
  readonly modified?: string;
  readonly withdrawn?: string;
  readonly aliases?: string[];
  readonly severity?: { type: string; score: string }[];
  readonly databaseSpecific?: Record<string, unknown>;
  readonly affected: Record<string, unknown>[];
}

export function osvJson(options: RecordOptions): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id: options.id ?? 'GHSA-test-0001',
    modified: options.modified ?? '2024-01-01T00:00:00Z',
    ...(options.withdrawn ? { withdrawn: options.withdrawn } : {}),
    aliases: options.aliases ?? [],
    summary: 'test advisory',
    ...(options.severity ? { severity: options.severity } : {}),
    ...(options.databaseSpecific ? { database_specific: options.databaseSpecific } : {}),
    affected: options.affected,
  };
}

/** One affected entry with a single range of the given events. */
export function affectedRange(
  ecosystem: string,
  name: string,
  events: Record<string, string>[],
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' = 'ECOSYSTEM',
): Record<string, unknown> {
  return { package: { ecosystem, name }, ranges: [{ type, events }] };
}
