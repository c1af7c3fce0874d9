import { bunLock } from './bun.ts';
import { cargoLock } from './cargo.ts';
import { composerLock } from './composer.ts';
import { gemfileLock } from './gemfile.ts';
import { goMod } from './gomod.ts';
import { gradleLockfile } from './gradle.ts';
import { npmLock } from './npm.ts';
import { nugetLock } from './nuget.ts';
import { pdmLock } from './pdm.ts';
import { pipfileLock } from './pipfile.ts';
import { pnpmLock } from './pnpm.ts';
import { poetryLock } from './poetry.ts';
import { pomXml } from './pom.ts';
import { requirementsTxt } from './requirements.ts';
import type { LockfileParser } from './types.ts';
import { uvLock } from './uv.ts';
import { yarnLock } from './yarn.ts';

/** Every lockfile parser, in the order `findLockfileParser` asks them. Adding a format = one line here. */
export const LOCKFILE_PARSERS: readonly LockfileParser[] = [
  npmLock,
  yarnLock,
  pnpmLock,
  bunLock,
  requirementsTxt,
  poetryLock,
  pipfileLock,
  uvLock,
  pdmLock,
  goMod,
  cargoLock,
  gemfileLock,
  composerLock,
  pomXml,
  gradleLockfile,
  nugetLock,
];
