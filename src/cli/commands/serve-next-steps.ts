import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));

/**
 * What a new user does after `npm start`: sign in, get a token, register the bundled examples as a
 * service (an upload for a service the catalog does not know is refused) and upload their scan.
 * The commands are printed exactly as they run from `cwd`.
 */
export function nextSteps(url: string, cwd: string): string {
  const rel = relative(cwd, EXAMPLES);
  const examples = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? EXAMPLES : rel;
  return [
    'Next steps:',
    `  1. Sign in at ${url}/ (first run without an IdP: the one-time link above creates the admin).`,
    `  2. Create an API token with the scopes catalog:write and findings:upload on the Tokens page`,
    `     (${url}/#/tokens, or POST /api/tokens: docs/server.md), then:`,
    '       export RAMPART_TOKEN=<the token>',
    '  3. Register the bundled examples as a service, then upload their scan:',
    `       npx rampart catalog import ${examples}/catalog-info.yaml --url ${url}`,
    `       npx rampart scan ${examples} --upload ${url} --service examples`,
    `  4. See and manage the findings: ${url}/#/findings`,
  ].join('\n');
}
