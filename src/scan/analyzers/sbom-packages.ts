/**
 * The packages of an existing SBOM (`rampart scan --sbom FILE`): CycloneDX 1.x JSON components
 * (nested ones too) and SPDX 2.x JSON packages with a purl external reference. Each becomes a
 * lockfile-style Package located at the line of its purl, so the dependency analyzer matches and
 * reports it exactly like a lockfile entry. Never throws: unreadable input is a Problem.
 */

import type { Package, Problem } from '../../deps/lockfiles/types.ts';
import { osvPackage, parsePurl } from '../../deps/vex/purl.ts';
import { loadJson } from '../../inputs/json/load.ts';
import { appendPath } from '../../inputs/path.ts';

export interface SbomPackages {
  readonly packages: Package[];
  readonly problems: Problem[];
}

/** Nested CycloneDX components deeper than this are not read (the JSON loader bounds depth too). */
const MAX_COMPONENT_DEPTH = 32;

type Json = Record<string, unknown>;

export function readSbomPackages(file: string, text: string): SbomPackages {
  const problems: Problem[] = [];
  const loaded = loadJson(file, text);
  const error = (message: string, line?: number): SbomPackages => ({
    packages: [],
    problems: [
      { severity: 'error', code: 'E_PARSE', kind: 'syntax', file, ...(line ? { line } : {}), message },
    ],
  });
  if (loaded.value === undefined) {
    const p = loaded.problems[0];
    return error(`${file}: ${p?.message ?? 'not valid JSON'}`, p?.range?.start.line);
  }
  const doc = loaded.value;
  if (!isObject(doc)) return error(`${file}: expected a CycloneDX or SPDX JSON object`);
  const lineOf = (path: string): number => loaded.positions.get(path)?.start.line ?? 1;
  const found: { purl: string; path: string }[] = [];
  if (doc.bomFormat === 'CycloneDX') {
    const walk = (value: unknown, path: string, depth: number): void => {
      if (!Array.isArray(value) || depth > MAX_COMPONENT_DEPTH) return;
      value.forEach((component, i) => {
        if (!isObject(component)) return;
        const at = appendPath(path, i);
        if (typeof component.purl === 'string')
          found.push({ purl: component.purl, path: appendPath(at, 'purl') });
        walk(component.components, appendPath(at, 'components'), depth + 1);
      });
    };
    walk(doc.components, 'components', 0);
  } else if (typeof doc.spdxVersion === 'string' && doc.spdxVersion.startsWith('SPDX-2')) {
    const packages = Array.isArray(doc.packages) ? doc.packages : [];
    packages.forEach((pkg, i) => {
      const refs = isObject(pkg) && Array.isArray(pkg.externalRefs) ? pkg.externalRefs : [];
      refs.forEach((ref, j) => {
        if (isObject(ref) && ref.referenceType === 'purl' && typeof ref.referenceLocator === 'string')
          found.push({
            purl: ref.referenceLocator,
            path: `packages[${i}].externalRefs[${j}].referenceLocator`,
          });
      });
    });
  } else {
    return error(`${file}: neither a CycloneDX BOM (bomFormat) nor an SPDX 2.x document (spdxVersion)`);
  }

  const packages: Package[] = [];
  const skipped = new Map<string, number>();
  for (const { purl, path } of found) {
    const parsed = parsePurl(purl);
    const osv = parsed && osvPackage(parsed);
    if (!parsed || !osv || !parsed.version) {
      const why = !parsed ? 'not a package URL' : !osv ? `type ${parsed.type}` : 'no version';
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      continue;
    }
    packages.push({
      ecosystem: osv.ecosystem,
      name: osv.name,
      version: parsed.version,
      purl,
      direct: undefined,
      dev: undefined,
      location: { file, line: lineOf(path) },
    });
  }
  if (skipped.size > 0) {
    const total = [...skipped.values()].reduce((a, b) => a + b, 0);
    const detail = [...skipped].map(([why, n]) => `${n} ${why}`).join(', ');
    problems.push({
      severity: 'notice',
      kind: 'non-registry',
      file,
      entry: 'sbom-skipped',
      message: `${file}: ${total} SBOM component${total === 1 ? '' : 's'} not checked for vulnerabilities (${detail})`,
    });
  }
  return { packages, problems };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
