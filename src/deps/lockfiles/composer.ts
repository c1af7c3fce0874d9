import type { ValueNode } from '@humanwhocodes/momoa';
import type { ArtifactInput } from './collector.ts';
import { defineParser } from './define.ts';
import { downloadUrl, hexHash } from './hashes.ts';
import { get, parseJson, str } from './json.ts';
import { basename } from './text.ts';

/** composer.lock: `packages` are production, `packages-dev` are dev. Branch versions (`dev-main`) are not versions. */
export const composerLock = defineParser({
  name: 'composer',
  ecosystem: 'Packagist',
  foldCase: true,
  accepts: (path) => basename(path) === 'composer.lock',
  read(c, text) {
    const root = parseJson(c, text);
    if (!root) return;
    if (root.type !== 'Object') {
      c.problem('error', 'syntax', 'top level is not a JSON object');
      return;
    }
    for (const [field, dev] of [
      ['packages', false],
      ['packages-dev', true],
    ] as const) {
      const list = get(root, field);
      if (list === undefined || list.type === 'Null') continue;
      if (list.type !== 'Array') {
        c.problem('error', 'invalid-entry', `"${field}" is not an array`, { line: list.loc.start.line });
        continue;
      }
      for (const el of list.elements) {
        const p: ValueNode = el.value;
        const line = p.loc.start.line;
        const name = str(get(p, 'name'));
        const version = str(get(p, 'version'));
        if (!name || !version) {
          c.problem('error', 'invalid-entry', 'package without "name" or "version"', { line, entry: name });
          continue;
        }
        if (version.startsWith('dev-') || version.endsWith('-dev')) {
          c.problem('notice', 'unpinned', `branch "${version}" is not a release; not reported`, {
            line,
            entry: name,
          });
          continue;
        }
        c.add({ name, version, line, direct: undefined, dev, ...distFacts(p) });
      }
    }
  },
});

/**
 * `dist.url`, `dist.shasum` (SHA-1 of the archive; often empty for GitHub zipballs) and
 * `license`, a list Composer documents as a disjunction ("MIT or GPL"), joined with OR.
 */
function distFacts(p: ValueNode): ArtifactInput {
  const dist = get(p, 'dist');
  const sha1 = hexHash('sha1', str(get(dist, 'shasum')) ?? '');
  const url = downloadUrl(str(get(dist, 'url')));
  const list = get(p, 'license');
  const ids =
    list?.type === 'Array'
      ? list.elements.flatMap((el) => {
          const id = str(el.value);
          return id ? [id] : [];
        })
      : [];
  const license = ids.length > 1 ? `(${ids.join(' OR ')})` : ids[0];
  return {
    ...(sha1 ? { hashes: [sha1] } : {}),
    ...(url ? { downloadUrl: url } : {}),
    ...(license ? { license } : {}),
  };
}
