import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type AuditFilter,
  type AuditVerification,
  auditApi,
  type AuditPage as EntriesPage,
} from '../api/audit.ts';
import { errorMessage } from '../api.ts';
import { ErrorNote } from './form-parts.tsx';
import { hashLink, useHashQuery } from './hash-query.ts';

const FIELDS: ReadonlyArray<{
  readonly key: keyof AuditFilter;
  readonly label: string;
  readonly placeholder: string;
  readonly type?: 'date';
}> = [
  { key: 'action', label: 'Action', placeholder: 'finding.waive or finding.*' },
  { key: 'actor', label: 'Actor', placeholder: 'person:<id>' },
  { key: 'target', label: 'Target', placeholder: 'finding:<id>' },
  { key: 'from', label: 'From', placeholder: '', type: 'date' },
  { key: 'to', label: 'To', placeholder: '', type: 'date' },
];

function filterOf(query: string): AuditFilter {
  const q = new URLSearchParams(query);
  const out: Record<string, string> = {};
  for (const { key } of FIELDS) {
    const v = q.get(key);
    if (v) out[key] = v;
  }
  return out;
}

/** The audit log, newest first, with filters in the hash query and the chain's verification status. */
export function AuditPage() {
  const query = useHashQuery();
  const filter = useMemo(() => filterOf(query), [query]);
  // Cursors of the pages seen for these filters: the API pages towards older entries only.
  const [paging, setPaging] = useState<{ query: string; cursors: readonly (number | undefined)[] }>({
    query,
    cursors: [undefined],
  });
  const cursors = paging.query === query ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const [page, setPage] = useState<EntriesPage | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    setError('');
    auditApi.entries(filter, cursor).then(
      (result) => live && setPage(result),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [filter, cursor]);

  const change = (key: keyof AuditFilter, value: string) => {
    if ((filter[key] ?? '') !== value) location.hash = hashLink('audit', { ...filter, [key]: value });
  };

  return (
    <section className="audit">
      <h1>Audit log</h1>
      <Verification />
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        {FIELDS.map(({ key, label, placeholder, type }) => (
          <label key={`${key}:${filter[key] ?? ''}`}>
            {label}
            <input
              name={key}
              type={type ?? 'text'}
              defaultValue={filter[key] ?? ''}
              placeholder={placeholder}
              onKeyDown={(e) => e.key === 'Enter' && change(key, e.currentTarget.value)}
              onBlur={(e) => change(key, e.currentTarget.value)}
              onChange={(e) => type === 'date' && change(key, e.currentTarget.value)}
            />
          </label>
        ))}
      </form>
      <ErrorNote error={error} />
      {page && page.items.length === 0 && <p className="empty">No entries match.</p>}
      {page && page.items.length > 0 && (
        <table className="findings audit-entries">
          <thead>
            <tr>
              <th>#</th>
              <th>Time (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.seq} data-seq={e.seq}>
                <td data-label="#">{e.seq}</td>
                <td data-label="Time (UTC)" className="nowrap">
                  {e.at.replace('T', ' ').slice(0, 19)}
                </td>
                <td data-label="Actor">
                  <a className="mono" href={hashLink('audit', { actor: e.actor })}>
                    {e.actor}
                  </a>
                </td>
                <td data-label="Action">
                  <a className="mono" href={hashLink('audit', { action: e.action })}>
                    {e.action}
                  </a>
                </td>
                <td data-label="Target">
                  <TargetLink target={e.target} />
                </td>
                <td data-label="Details">
                  <code className="audit-details">{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={cursors.length < 2}
          onClick={() => setPaging({ query, cursors: cursors.slice(0, -1) })}
        >
          Newer
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={page?.next === undefined}
          onClick={() => page?.next !== undefined && setPaging({ query, cursors: [...cursors, page.next] })}
        >
          Older
        </button>
      </nav>
    </section>
  );
}

/** Findings link to their page; every target also filters the log to itself. */
function TargetLink({ target }: { readonly target: string }) {
  if (!target) return <span className="muted">—</span>;
  const finding = /^finding:(.+)$/.exec(target)?.[1];
  return (
    <span>
      <a className="mono" href={hashLink('audit', { target })}>
        {target}
      </a>
      {finding && (
        <>
          {' '}
          <a href={`#/findings/${encodeURIComponent(finding)}`} aria-label={`Open finding ${finding}`}>
            ↗
          </a>
        </>
      )}
    </span>
  );
}

function Verification() {
  const [report, setReport] = useState<AuditVerification | undefined>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = useCallback((fresh: boolean) => {
    setBusy(true);
    setError('');
    auditApi
      .verify(fresh)
      .then(setReport, (err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  }, []);
  useEffect(() => run(false), [run]);

  return (
    <section className="verification" aria-label="Chain verification" aria-busy={busy}>
      {report && (
        <p>
          <span className={`badge ${report.ok ? 'verify-ok' : 'verify-bad'}`} data-testid="verify-badge">
            {report.ok ? 'Chain verified' : 'Tampering detected'}
          </span>{' '}
          {report.ok ? (
            <>
              {report.entries} entries, signed through #{report.signedThrough}
              {report.unsigned > 0 && ` (${report.unsigned} after the last checkpoint)`}
              {report.lastCheckpoint &&
                `; last checkpoint ${report.lastCheckpoint.at.replace('T', ' ').slice(0, 19)} by key ${report.lastCheckpoint.keyId}`}
              {!report.pinned && '; signing key not pinned'}.
            </>
          ) : (
            <>
              at entry #{report.problem?.seq} ({report.problem?.kind}): {report.problem?.reason}
            </>
          )}{' '}
          <span className="muted">Checked {report.checkedAt.replace('T', ' ').slice(0, 19)} UTC.</span>
        </p>
      )}
      <ErrorNote error={error} />
      <button type="button" onClick={() => run(true)} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify again'}
      </button>
    </section>
  );
}
