import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, type Filters, type Me, type Page, SEVERITIES, STATUSES } from '../api.ts';
import { BulkWaiveBar } from './BulkWaive.tsx';
import { SeverityBadge, StatusBadge } from './badges.tsx';
import { AnySelect, ErrorNote } from './form-parts.tsx';
import { hashLink, useHashQuery } from './hash-query.ts';

/** The status filter the dashboard links use: findings still needing work. */
const ACTIVE = 'new,open,reopened';
/** Filters without a control of their own, shown as removable chips (set by dashboard links). */
const LINKED: ReadonlyArray<{ readonly key: 'team' | 'rule' | 'framework'; readonly label: string }> = [
  { key: 'team', label: 'Team' },
  { key: 'rule', label: 'Rule' },
  { key: 'framework', label: 'Framework' },
];

/** The filters live in the hash query (`#/findings?severity=high&overdue=true`), so links can set them. */
function filtersOf(query: string): Filters {
  const q = new URLSearchParams(query);
  const get = (k: string) => q.get(k) ?? '';
  return {
    severity: get('severity'),
    status: get('status'),
    service: get('service'),
    team: get('team'),
    rule: get('rule'),
    framework: get('framework'),
    overdue: q.get('overdue') === 'true',
  };
}

function linkOf(filters: Filters): string {
  return hashLink('findings', {
    severity: filters.severity,
    status: filters.status,
    service: filters.service.trim(),
    team: filters.team,
    rule: filters.rule,
    framework: filters.framework,
    overdue: filters.overdue ? 'true' : undefined,
  });
}

/** Statuses a waiver may be placed on from the list (as on the finding page). */
const WAIVABLE = new Set(['new', 'open', 'reopened']);

export function FindingsPage({ me }: { readonly me?: Me }) {
  const canWaive = (me?.permissions ?? []).includes('findings:waive');
  const query = useHashQuery();
  const filters = useMemo(() => filtersOf(query), [query]);
  // Cursors of the pages visited so far for these filters: the API pages forward only, so
  // "previous" pops this stack; other filters start again at page 1.
  const [paging, setPaging] = useState<{ query: string; cursors: readonly (string | undefined)[] }>({
    query,
    cursors: [undefined],
  });
  const cursors = paging.query === query ? paging.cursors : [undefined];
  const setCursors = (next: readonly (string | undefined)[]) => setPaging({ query, cursors: next });
  const [page, setPage] = useState<Page | undefined>();
  const [error, setError] = useState('');
  const cursor = cursors[cursors.length - 1];
  // Selected finding ids for bulk waive, for the page on screen only.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    let live = true;
    setError('');
    setSelected(new Set());
    void reload;
    api.findings(filters, cursor).then(
      (result) => live && setPage(result),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [filters, cursor, reload]);
  const waivable = page?.items.filter((f) => WAIVABLE.has(f.status)) ?? [];
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const change = (patch: Partial<Filters>) => {
    location.hash = linkOf({ ...filters, ...patch });
  };
  const statusKnown =
    filters.status === '' ||
    filters.status === ACTIVE ||
    (STATUSES as readonly string[]).includes(filters.status);

  return (
    <section>
      <h1>Findings</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <AnySelect
          label="Severity"
          value={filters.severity}
          choices={SEVERITIES}
          onChange={(severity) => change({ severity })}
        />
        <label>
          Status
          <select value={filters.status} onChange={(e) => change({ status: e.target.value })}>
            <option value="">any</option>
            <option value={ACTIVE}>active (new, open, reopened)</option>
            {!statusKnown && <option value={filters.status}>{filters.status}</option>}
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
            key={filters.service}
            defaultValue={filters.service}
            placeholder="service name"
            onKeyDown={(e) => e.key === 'Enter' && change({ service: e.currentTarget.value })}
            onBlur={(e) =>
              e.currentTarget.value !== filters.service && change({ service: e.currentTarget.value })
            }
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue ?? false}
            onChange={(e) => change({ overdue: e.target.checked })}
          />
          Overdue only
        </label>
      </form>
      {LINKED.some(({ key }) => filters[key]) && (
        <ul className="chips" aria-label="More filters">
          {LINKED.filter(({ key }) => filters[key]).map(({ key, label }) => (
            <li key={key}>
              {label}: <span className="mono">{filters[key]}</span>{' '}
              <a
                href={linkOf({ ...filters, [key]: '' })}
                aria-label={`Remove the ${label.toLowerCase()} filter`}
              >
                ✕
              </a>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {canWaive && selected.size > 0 && (
        <BulkWaiveBar
          ids={[...selected]}
          onClear={() => setSelected(new Set())}
          onDone={(n) => {
            setNotice(`Waived ${n} finding${n === 1 ? '' : 's'}.`);
            setReload((r) => r + 1);
          }}
        />
      )}
      {page && page.items.length === 0 && <p className="empty">No findings match.</p>}
      {page && page.items.length > 0 && (
        <table className="findings">
          <thead>
            <tr>
              {canWaive && (
                <th className="select">
                  <input
                    type="checkbox"
                    aria-label="Select every waivable finding on this page"
                    checked={waivable.length > 0 && waivable.every((f) => selected.has(f.id))}
                    disabled={waivable.length === 0}
                    onChange={(e) =>
                      setSelected(e.currentTarget.checked ? new Set(waivable.map((f) => f.id)) : new Set())
                    }
                  />
                </th>
              )}
              <th>Severity</th>
              <th>Title</th>
              <th>Service</th>
              <th>Location</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((f, index) => (
              <tr key={f.id} data-finding-id={f.id}>
                {canWaive && (
                  <td data-label="Select" className="select">
                    {WAIVABLE.has(f.status) && (
                      <input
                        type="checkbox"
                        // Row number, not the title: a title could contain another control's label.
                        aria-label={`Select row ${index + 1}`}
                        checked={selected.has(f.id)}
                        onChange={(e) => toggle(f.id, e.currentTarget.checked)}
                      />
                    )}
                  </td>
                )}
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
