import { randomUUID } from 'node:crypto';
import { PostureError } from './errors.ts';
import { canTakeException } from './lifecycle.ts';
import type { ServiceTransaction } from './repository.ts';
import type {
  ExceptionKind,
  ExceptionRequest,
  ExceptionRequestRepository,
  ExceptionRequestView,
  RequestFilter,
} from './request-repository.ts';
import type { PostureAuditSink, PostureService } from './service.ts';
import type { Actor } from './types.ts';

/** An actor and the person behind it (a token acts for its owner). */
export interface RequestActor extends Actor {
  readonly personId: string;
}

export interface NewRequest {
  readonly kind: ExceptionKind;
  readonly reason: string;
  /** Waivers: who owns the exception once approved (default: the requester). */
  readonly owner?: string;
  /** ISO 8601; required for waivers, optional for risk acceptance. */
  readonly expiresAt?: string;
}

const MAX_DAYS = 366;
const MAX_REASON = 2000;

/**
 * Exception requests and their approval (docs/findings-lifecycle.md): a developer asks for a
 * waiver or a risk acceptance, a reviewer approves (which applies it through PostureService, so
 * the finding's status, events, expiry and audit are exactly those of a direct waiver) or
 * rejects. Nobody decides their own request. Every step is an audit entry.
 */
export class ExceptionRequests {
  readonly #repo: ExceptionRequestRepository;
  readonly #posture: PostureService;
  readonly #audit: PostureAuditSink;
  readonly #now: () => Date;

  constructor(
    repo: ExceptionRequestRepository,
    posture: PostureService,
    audit: PostureAuditSink,
    options: { now?: () => Date } = {},
  ) {
    this.#repo = repo;
    this.#posture = posture;
    this.#audit = audit;
    this.#now = options.now ?? (() => new Date());
  }

  async request(findingId: string, input: NewRequest, actor: RequestActor): Promise<ExceptionRequest> {
    const now = this.#now();
    const reason = input.reason.trim();
    if (reason === '') throw new PostureError('invalid', 'reason must not be empty', { field: 'reason' });
    if (reason.length > MAX_REASON)
      throw new PostureError('invalid', `reason must be at most ${MAX_REASON} characters`, {
        field: 'reason',
      });
    const owner = (input.kind === 'waiver' ? (input.owner ?? actor.id) : actor.id).trim();
    if (owner === '') throw new PostureError('invalid', 'owner must not be empty', { field: 'owner' });
    if (input.kind === 'waiver' && input.expiresAt === undefined)
      throw new PostureError('invalid', 'expiresAt is required for a waiver request', { field: 'expiresAt' });
    const expiresAt = input.expiresAt === undefined ? null : checkExpiry(input.expiresAt, now);
    const finding = await this.#posture.get(findingId);
    if (!canTakeException(finding.status))
      throw new PostureError('conflict', `finding ${finding.id} is fixed; there is nothing to except`);
    if ((await this.#repo.pendingOf(finding.id)).length > 0)
      throw new PostureError(
        'conflict',
        `finding ${finding.id} already has a pending exception request; wait for its decision`,
      );
    const request: ExceptionRequest = {
      id: randomUUID(),
      kind: input.kind,
      findingId: finding.id,
      serviceId: finding.serviceId,
      teamId: finding.teamId,
      reason,
      owner,
      expiresAt,
      status: 'pending',
      requestedBy: actor.id,
      requesterPersonId: actor.personId,
      requestedAt: now.toISOString(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    };
    await this.#audit.transaction(async (record) => {
      await this.#repo.insert(request);
      record({
        actor: actor.id,
        action: 'finding.exception-request',
        target: `finding:${finding.id}`,
        details: { requestId: request.id, kind: request.kind, reason, owner, expiresAt },
      });
    });
    return request;
  }

  async get(id: string): Promise<ExceptionRequest> {
    const request = await this.#repo.byId(id);
    if (!request)
      throw new PostureError('not-found', `exception request ${JSON.stringify(id)} not found`, {
        hint: 'GET /api/exception-requests lists the requests you may see',
      });
    return request;
  }

  /**
   * Approves a pending request and applies it: a waiver through PostureService.waive, a risk
   * acceptance through acceptRisk (which itself requires the risk-owner role of `actor`).
   * The request moves pending → approved inside the transaction that writes the exception, so
   * the decision and its effect commit together or not at all: a concurrent approver finds it
   * decided (conflict), and a failure to apply (the finding was fixed, the expiry passed, the
   * role is missing, a crash) leaves it pending for another reviewer or a rejection.
   * The caller has already checked the permission for the request's team.
   */
  async approve(id: string, actor: RequestActor, note?: string): Promise<ExceptionRequest> {
    const request = await this.#pendingFor(id, actor);
    const at = this.#now().toISOString();
    const decision = { by: actor.id, at, note: note?.trim() || null };
    let moved = false;
    const within = async (tx: ServiceTransaction) => {
      if (!(await tx.transitionRequest(id, 'pending', 'approved', decision)))
        throw new PostureError('conflict', `exception request ${id} was decided by someone else meanwhile`);
      moved = true;
    };
    // One transaction: the waive's per-service transaction joins it, so the decision, the
    // exception and both audit entries commit together or not at all.
    await this.#audit.transaction(async (record) => {
      try {
        if (request.kind === 'waiver')
          await this.#posture.waive(
            [request.findingId],
            { reason: request.reason, owner: request.owner, expiresAt: request.expiresAt ?? '' },
            actor,
            { within },
          );
        else
          await this.#posture.acceptRisk(
            request.findingId,
            { reason: request.reason, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) },
            actor,
            { within },
          );
      } catch (error) {
        if (error instanceof PostureError && error.field === 'expiresAt')
          throw new PostureError('conflict', `exception request ${id} cannot be approved: ${error.message}`);
        throw error;
      }
      // No transaction ran when the finding's service is gone: nothing was applied or decided.
      if (!moved)
        throw new PostureError(
          'conflict',
          `exception request ${id} cannot be approved: its service no longer exists`,
        );
      record({
        actor: actor.id,
        action: 'finding.exception-request.approve',
        target: `finding:${request.findingId}`,
        details: { requestId: id, kind: request.kind, requestedBy: request.requestedBy, note: decision.note },
      });
    });
    return {
      ...request,
      status: 'approved',
      decidedBy: actor.id,
      decidedAt: at,
      decisionNote: decision.note,
    };
  }

  async reject(id: string, actor: RequestActor, note: string): Promise<ExceptionRequest> {
    const trimmed = note.trim();
    if (trimmed === '')
      throw new PostureError('invalid', 'note must say why the request is rejected', { field: 'note' });
    const request = await this.#pendingFor(id, actor);
    const at = this.#now().toISOString();
    await this.#audit.transaction(async (record) => {
      if (!(await this.#repo.transition(id, 'pending', 'rejected', { by: actor.id, at, note: trimmed })))
        throw new PostureError('conflict', `exception request ${id} was decided by someone else meanwhile`);
      record({
        actor: actor.id,
        action: 'finding.exception-request.reject',
        target: `finding:${request.findingId}`,
        details: { requestId: id, kind: request.kind, requestedBy: request.requestedBy, note: trimmed },
      });
    });
    return { ...request, status: 'rejected', decidedBy: actor.id, decidedAt: at, decisionNote: trimmed };
  }

  /** Requests oldest first, cursor-paged (`next` = opaque cursor for the following page). */
  async list(
    filter: RequestFilter,
    page: { limit: number; after?: string },
  ): Promise<{ items: ExceptionRequestView[]; next?: string }> {
    const limit = Math.min(Math.max(1, Math.trunc(page.limit)), 500);
    const items = await this.#repo.list(filter, { limit, ...(page.after ? { after: page.after } : {}) });
    const last = items.at(-1);
    return { items, ...(items.length === limit && last ? { next: last.id } : {}) };
  }

  async #pendingFor(id: string, actor: RequestActor): Promise<ExceptionRequest> {
    const request = await this.get(id);
    if (request.status !== 'pending')
      throw new PostureError('conflict', `exception request ${id} is already ${request.status}`);
    // Four eyes: the person who asked (by session or any of their tokens) never decides.
    if (request.requesterPersonId === actor.personId)
      throw new PostureError('forbidden', 'you cannot decide your own exception request');
    return request;
  }
}

function checkExpiry(value: string, now: Date): string {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new PostureError('invalid', 'expiresAt must be an ISO 8601 date', { field: 'expiresAt' });
  if (t <= now.getTime())
    throw new PostureError('invalid', 'expiresAt must be in the future', { field: 'expiresAt' });
  if (t > now.getTime() + MAX_DAYS * 86_400_000)
    throw new PostureError('invalid', `expiresAt must be within ${MAX_DAYS} days`, { field: 'expiresAt' });
  return new Date(t).toISOString();
}
