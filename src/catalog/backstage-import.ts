import { type BackstageEntity, parseBackstage } from './backstage-parse.ts';
import { CatalogError } from './catalog-errors.ts';
import type { CatalogManager } from './catalog-service.ts';

export interface ImportFile {
  readonly name: string;
  readonly text: string;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'error';

export interface ImportEntry {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly outcome: ImportOutcome;
  readonly message?: string;
  /** Component: the System it belongs to (also stored on the service). */
  readonly system?: string;
}

export interface ImportReport {
  readonly entries: ImportEntry[];
  readonly counts: Record<ImportOutcome, number>;
}

/** Role given for a Group membership / User memberOf when the person holds none for that team. */
export const MEMBER_ROLE = 'developer';

/**
 * Upserts Backstage entities (Group → team, User → person, System → system, Component → service) by name, in
 * dependency order. Idempotent; each entity succeeds or fails alone, so one bad entry never
 * aborts the import. Memberships are only ever added, never removed (roles stay in Rampart).
 */
export async function importBackstage(
  catalog: CatalogManager,
  actor: string,
  files: readonly ImportFile[],
): Promise<ImportReport> {
  const entries: ImportEntry[] = [];
  const entities: BackstageEntity[] = [];
  for (const file of files) {
    const parsed = parseBackstage(file.name, file.text);
    entities.push(...parsed.entities);
    for (const p of parsed.problems)
      entries.push({
        kind: p.kind ?? '?',
        name: p.name ?? '?',
        ...p.at,
        outcome: p.skipped ? 'skipped' : 'error',
        message: p.message,
      });
  }
  const of = <K extends BackstageEntity['kind']>(kind: K) =>
    entities.filter((e): e is Extract<BackstageEntity, { kind: K }> => e.kind === kind);
  const emailOf = new Map(
    of('User').flatMap((u) => (u.email ? [[u.name, u.email.toLowerCase()] as const] : [])),
  );

  const run = async (
    e: BackstageEntity,
    work: () => Promise<ImportOutcome>,
    extra: Partial<ImportEntry> = {},
  ) => {
    try {
      entries.push({ kind: e.kind, name: e.name, ...e.at, outcome: await work(), ...extra });
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      entries.push({
        kind: e.kind,
        name: e.name,
        ...e.at,
        outcome: 'error',
        message: error.message,
        ...extra,
      });
    }
  };

  const groupEntry = new Map<string, number>();
  for (const g of of('Group')) {
    groupEntry.set(g.name, entries.length);
    await run(g, async () => {
      const existing = await ifExists(catalog.team(g.name));
      if (!existing) {
        await catalog.createTeam(actor, {
          name: g.name,
          ...(g.displayName ? { displayName: g.displayName } : {}),
        });
        return 'created';
      }
      return (
        await catalog.updateTeam(actor, existing.id, g.displayName ? { displayName: g.displayName } : {})
      ).outcome;
    });
  }

  for (const u of of('User'))
    await run(u, async () => {
      if (!u.email)
        throw new CatalogError(
          'invalid',
          `User ${u.name}: spec.profile.email is required (Rampart identifies people by email)`,
        );
      const fields = { email: u.email, ...(u.displayName ? { displayName: u.displayName } : {}) };
      let outcome: ImportOutcome;
      try {
        outcome = (await catalog.updatePerson(actor, u.email, fields)).outcome;
      } catch (error) {
        if (!(error instanceof CatalogError && error.reason === 'not-found')) throw error;
        await catalog.createPerson(actor, fields);
        outcome = 'created';
      }
      for (const team of u.memberOf)
        if (await ensureMember(catalog, actor, u.email, team)) outcome = merge(outcome);
      return outcome;
    });

  // Group members after Users exist, so `spec.members` can name people imported in this run.
  for (const g of of('Group')) {
    if (g.members.length === 0) continue;
    const problems: string[] = [];
    let changed = false;
    for (const member of g.members) {
      const email = emailOf.get(member);
      if (!email) {
        problems.push(`member ${member}: no User with spec.profile.email of that name in this import`);
        continue;
      }
      try {
        changed = (await ensureMember(catalog, actor, email, g.name)) || changed;
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
        problems.push(`member ${member}: ${error.message}`);
      }
    }
    const i = groupEntry.get(g.name) as number;
    const entry = entries[i] as ImportEntry;
    if (entry.outcome === 'error') continue;
    if (problems.length > 0) entries[i] = { ...entry, outcome: 'error', message: problems.join('; ') };
    else if (changed) entries[i] = { ...entry, outcome: merge(entry.outcome) };
  }

  // Systems before Components, so `spec.system` can name a System imported in this run.
  for (const sys of of('System'))
    await run(sys, async () => {
      const fields = {
        ...(sys.displayName ? { displayName: sys.displayName } : {}),
        ...(sys.owner ? { owner: sys.owner } : {}),
      };
      const existing = await ifExists(catalog.system(sys.name));
      if (!existing) {
        await catalog.createSystem(actor, { name: sys.name, ...fields });
        return 'created';
      }
      return (await catalog.updateSystem(actor, existing.id, fields)).outcome;
    });

  for (const c of of('Component'))
    await run(
      c,
      async () => {
        if (!c.owner) throw new CatalogError('invalid', `Component ${c.name}: spec.owner is required`);
        const fields = {
          owner: c.owner,
          ...(c.tier !== undefined ? { tier: c.tier } : {}),
          ...(c.dataClassification !== undefined ? { dataClassification: c.dataClassification } : {}),
          ...(c.repository !== undefined ? { repository: c.repository } : {}),
          ...(c.system !== undefined ? { system: c.system } : {}),
          ...(c.lifecycle !== undefined ? { lifecycle: c.lifecycle } : {}),
          ...(c.type !== undefined ? { type: c.type } : {}),
        };
        const existing = await ifExists(catalog.service(c.name));
        if (!existing) {
          await catalog.createService(actor, { name: c.name, ...fields });
          return 'created';
        }
        return (await catalog.updateService(actor, existing.id, fields)).outcome;
      },
      c.system ? { system: c.system } : {},
    );

  const counts: Record<ImportOutcome, number> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    error: 0,
  };
  for (const e of entries) counts[e.outcome]++;
  return { entries, counts };
}

/** The object, or undefined when the catalog says it does not exist. */
async function ifExists<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof CatalogError && error.reason === 'not-found') return undefined;
    throw error;
  }
}

const merge = (o: ImportOutcome): ImportOutcome => (o === 'unchanged' ? 'updated' : o);

/** Adds MEMBER_ROLE for the team when the person holds no role there; true when it did. */
async function ensureMember(
  catalog: CatalogManager,
  actor: string,
  email: string,
  teamName: string,
): Promise<boolean> {
  const person = await catalog.person(email);
  const team = await catalog.team(teamName);
  if (person.grants.some((g) => g.teamId === team.id)) return false;
  await catalog.setTeamRoles(actor, person.id, team.id, [MEMBER_ROLE]);
  return true;
}
