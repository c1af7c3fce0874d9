import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the UI (web/dist at the repository root). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** The built UI's folder when it exists (it holds index.html), else undefined. */
export function builtWebRoot(root: string = DEFAULT_WEB_ROOT): string | undefined {
  return existsSync(`${root}/index.html`) ? root : undefined;
}

/**
 * Serves the built web UI (docs/ui.md) at `/`. The UI uses hash routes, so only real files are
 * served: `wildcard: false` registers one route per file found at start-up and no catch-all that
 * could shadow /api or turn unknown paths into HTML. The files are public; the API behind them is not.
 */
export async function webUi(app: FastifyInstance, options: { readonly root: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    cacheControl: false,
    // Built asset names carry a content hash; index.html must be re-read to pick up a new build.
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
