import { useEffect, useMemo, useState } from 'react';
import { postureApi, RULE_KINDS, type RuleSummary } from '../api/posture.ts';
import { errorMessage, SEVERITIES } from '../api.ts';
import { SeverityBadge } from './badges.tsx';
import { AnySelect, ErrorNote } from './form-parts.tsx';
import { hashLink, useHashQuery } from './hash-query.ts';

/** Rows rendered at once; the rest are one "Show all" away (the catalog has ~400 rules). */
const SHOWN = 100;

interface Search {
  readonly q: string;
  readonly kind: string;
  readonly severity: string;
  readonly framework: string;
}

function searchOf(query: string): Search {
  const p = new URLSearchParams(query);
  return {
    q: p.get('q') ?? '',
    kind: p.get('kind') ?? '',
    severity: p.get('severity') ?? '',
    framework: p.get('framework') ?? '',
  };
}

/** The searchable catalog of built-in rules; the search lives in the hash (`#/rules?q=ssh`). */
export function RulesPage() {
  const query = useHashQuery();
  const search = useMemo(() => searchOf(query), [query]);
  const [result, setResult] = useState<{ total: number; items: readonly RuleSummary[] } | undefined>();
  const [error, setError] = useState('');
  const [all, setAll] = useState(false);

  useEffect(() => {
    let live = true;
    setError('');
    setAll(false);
    postureApi.rules(search).then(
      (r) => live && setResult(r),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [search]);

  const change = (patch: Partial<Search>) => {
    location.hash = hashLink('rules', { ...search, ...patch });
  };
  const shown = result ? (all ? result.items : result.items.slice(0, SHOWN)) : [];

  return (
    <section>
      <h1>Rules catalog</h1>
      <form
        className="filters"
        aria-label="Search rules"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get('q');
          change({ q: typeof q === 'string' ? q.trim() : '' });
        }}
      >
        <label className="grow">
          Search
          <input
            key={search.q}
            name="q"
            type="search"
            defaultValue={search.q}
            placeholder="id, title, tag, control (e.g. privileged, IA-5, T1110)"
          />
        </label>
        <AnySelect
          label="Kind"
          value={search.kind}
          choices={RULE_KINDS}
          onChange={(kind) => change({ kind })}
        />
        <AnySelect
          label="Severity"
          value={search.severity}
          choices={SEVERITIES}
          onChange={(severity) => change({ severity })}
        />
        <button type="submit" className="align-end">
          Search
        </button>
      </form>
      {search.framework && (
        <ul className="chips" aria-label="More filters">
          <li>
            Framework: <span className="mono">{search.framework}</span>{' '}
            <a
              href={hashLink('rules', { ...search, framework: '' })}
              aria-label="Remove the framework filter"
            >
              ✕
            </a>
          </li>
        </ul>
      )}
      <ErrorNote error={error} />
      {result && (
        <p className="muted" aria-live="polite" data-testid="rules-total">
          {result.total} {result.total === 1 ? 'rule' : 'rules'}
        </p>
      )}
      {result && result.items.length > 0 && (
        <ul className="rule-list">
          {shown.map((r) => (
            <li key={r.id} data-rule-id={r.id}>
              <SeverityBadge severity={r.severity} /> <span className="badge kind">{r.kind}</span>{' '}
              <a href={`#/rules/${encodeURIComponent(r.id)}`}>{r.title}</a>
              <div className="muted mono">
                {r.id}
                {r.input ? ` · ${r.input}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {result && !all && result.items.length > SHOWN && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {result.total}
        </button>
      )}
    </section>
  );
}
