import { useCallback, useEffect, useState } from 'react';
import { type ListedRequest, type RequestPage, waiversApi } from '../api/waivers.ts';
import { errorMessage } from '../api.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';
import { ErrorNote } from './form-parts.tsx';
import { hashLink, useHashQuery } from './hash-query.ts';

const VIEWS = [
  { status: 'pending', label: 'Pending' },
  { status: 'approved', label: 'Approved' },
  { status: 'rejected', label: 'Rejected' },
] as const;

/** Exception requests of my teams; reviewers approve or reject the pending ones. */
export function ApprovalsPage() {
  const query = useHashQuery();
  const status = new URLSearchParams(query).get('status') || 'pending';
  const [page, setPage] = useState<RequestPage | undefined>();
  const [error, setError] = useState('');

  const load = useCallback(() => {
    setError('');
    waiversApi.queue(status).then(setPage, (err: unknown) => setError(errorMessage(err)));
  }, [status]);
  // The API pages oldest first; "Show more" appends the next page to the list.
  const more = async () => {
    if (!page?.next) return;
    try {
      const next = await waiversApi.queue(status, page.next);
      setPage({ items: [...page.items, ...next.items], ...(next.next ? { next: next.next } : {}) });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(load, [load]);

  return (
    <section className="approvals">
      <h1>Exception requests</h1>
      <nav className="tabs" aria-label="Request status">
        {VIEWS.map((v) => (
          <a
            key={v.status}
            href={hashLink('approvals', { status: v.status })}
            aria-current={v.status === status ? 'page' : undefined}
          >
            {v.label}
          </a>
        ))}
      </nav>
      <ErrorNote error={error} />
      {page && page.items.length === 0 && <p className="empty">No {status} requests.</p>}
      {page && page.items.length > 0 && (
        <ul className="requests">
          {page.items.map((r) => (
            <RequestCard key={r.id} request={r} onDecided={load} />
          ))}
        </ul>
      )}
      {page?.next && (
        <p>
          <button type="button" className="secondary" onClick={more}>
            Show more
          </button>
        </p>
      )}
    </section>
  );
}

function RequestCard({
  request: r,
  onDecided,
}: {
  readonly request: ListedRequest;
  readonly onDecided: () => void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (how: 'approve' | 'reject') => {
    if (how === 'reject' && note.trim() === '') {
      setError('Say why in the note before rejecting.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      if (how === 'approve') await waiversApi.approve(r.id, note.trim() || undefined);
      else await waiversApi.reject(r.id, note.trim());
      onDecided();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="request" data-request-id={r.id} aria-label={`Request for ${r.finding.title}`}>
      <p className="meta">
        <SeverityBadge severity={r.finding.severity} /> <StatusBadge status={r.finding.status} />{' '}
        <a href={`#/findings/${encodeURIComponent(r.findingId)}`}>{r.finding.title}</a>
        <span className="muted">
          {' '}
          · {r.finding.serviceName} · <span className="mono">{r.finding.ruleId}</span>
        </span>
      </p>
      <p>
        <strong>{r.kind === 'waiver' ? 'Waiver' : 'Risk acceptance'}</strong> requested by{' '}
        <span className="mono">{r.requestedBy}</span> on {r.requestedAt.slice(0, 10)}, until{' '}
        {r.expiresAt ? r.expiresAt.slice(0, 10) : 'no expiry'}
        {r.kind === 'waiver' && (
          <>
            , owner <span className="mono">{r.owner}</span>
          </>
        )}
        :
      </p>
      <blockquote className="prewrap">{r.reason}</blockquote>
      {r.status !== 'pending' && (
        <p>
          <span className={`badge req-${r.status}`}>{r.status}</span> by{' '}
          <span className="mono">{r.decidedBy}</span> on {r.decidedAt?.slice(0, 10)}
          {r.decisionNote && `: ${r.decisionNote}`}
        </p>
      )}
      {r.status === 'pending' && r.canDecide && (
        <div className="decide">
          <label>
            Note
            <textarea
              rows={2}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              placeholder="optional for approval, required for rejection"
            />
          </label>
          <div className="buttons">
            <button type="button" disabled={busy} onClick={() => decide('approve')}>
              Approve
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => decide('reject')}>
              Reject
            </button>
          </div>
        </div>
      )}
      {r.status === 'pending' && !r.canDecide && (
        <p className="muted">Waiting for a reviewer (you cannot decide this request).</p>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
