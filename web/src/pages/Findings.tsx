import { useEffect, useState } from 'react';
import { api, type Filters, type Page, SEVERITIES, STATUSES } from '../api.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';

const NO_FILTERS: Filters = { severity: '', status: '', service: '' };

export function FindingsPage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Cursors of the pages visited so far: the API pages forward only, so "previous" pops this stack.
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page | undefined>();
  const [error, setError] = useState('');
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    setError('');
    api.findings(filters, cursor).then(
      (result) => live && setPage(result),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [filters, cursor]);

  const change = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setCursors([undefined]);
  };

  return (
    <section>
      <h1>Findings</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Severity
          <select value={filters.severity} onChange={(e) => change({ severity: e.target.value })}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => change({ status: e.target.value })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input
            defaultValue={filters.service}
            placeholder="service name"
            onKeyDown={(e) => e.key === 'Enter' && change({ service: e.currentTarget.value })}
            onBlur={(e) =>
              e.currentTarget.value !== filters.service && change({ service: e.currentTarget.value })
            }
          />
        </label>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && page.items.length === 0 && <p className="empty">No findings match.</p>}
      {page && page.items.length > 0 && (
        <table className="findings">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Title</th>
              <th>Service</th>
              <th>Location</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((f) => (
              <tr key={f.id} data-finding-id={f.id}>
                <td data-label="Severity">
                  <SeverityBadge severity={f.severity} />
                </td>
                <td data-label="Title">
                  <a href={`#/findings/${encodeURIComponent(f.id)}`}>{f.title}</a>
                  <div className="muted">{f.ruleId}</div>
                </td>
                <td data-label="Service">{f.serviceName}</td>
                <td data-label="Location" className="mono">
                  {f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—'}
                </td>
                <td data-label="Status">
                  <StatusBadge status={f.status} overdue={f.overdue} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page?.next}
          onClick={() => page?.next && setCursors([...cursors, page.next])}
        >
          Next
        </button>
      </nav>
    </section>
  );
}
