import type { FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.ts';

const stamps = new WeakMap<FastifyRequest, Promise<string | undefined>>();

/**
 * The store's change stamp as of the start of this request's work, read once per request: the
 * token cache (guard) and the read cache both compare against it, and both need it taken before
 * anything is read. Undefined when the store cannot give one (nothing is cached then).
 */
export function changeStampOf(request: FastifyRequest, store: Store): Promise<string | undefined> {
  let stamp = stamps.get(request);
  if (stamp === undefined) {
    stamp = store.changeStamp ? store.changeStamp() : Promise.resolve(undefined);
    stamps.set(request, stamp);
  }
  return stamp;
}
