import { useEffect, useState } from 'react';
import { type ControlView, type Framework, postureApi, type ServiceResult } from '../api/posture.ts';
import { errorMessage } from '../api.ts';
import { ErrorNote } from './form-parts.tsx';
import { hashLink } from './hash-query.ts';

const message = (err: unknown) => errorMessage(err);

function ResultBadge({ result }: { readonly result: ServiceResult }) {
  const detail =
    result.result === 'fail'
      ? `${result.active} open`
      : result.result === 'excepted'
        ? `${result.excepted} excepted`
        : 'no open findings';
  return (
    <span className={`badge res-${result.result}`} title={detail}>
      {result.result}
    </span>
  );
}

/** Control → rules → pass/fail per service for one framework, with its evidence export. */
export function FrameworksPage({ id }: { readonly id?: string }) {
  const [frameworks, setFrameworks] = useState<readonly Framework[] | undefined>();
  const [view, setView] = useState<ControlView | undefined>();
  const [error, setError] = useState('');
  // Without an id in the route, the first framework any built-in rule maps to.
  const selected = id ?? frameworks?.find((f) => f.rules > 0)?.id;

  useEffect(() => {
    postureApi.frameworks().then(setFrameworks, (err: unknown) => setError(message(err)));
  }, []);
  useEffect(() => {
    if (!selected) return;
    let live = true;
    setView(undefined);
    setError('');
    postureApi.controls(selected).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(message(err)),
    );
    return () => {
      live = false;
    };
  }, [selected]);

  const results = view?.controls.flatMap((c) => c.rules.flatMap((r) => r.services)) ?? [];
  const failing = results.filter((r) => r.result === 'fail').length;

  return (
    <section className="frameworks">
      <h1>Framework posture</h1>
      <div className="section-head">
        <label className="inline">
          Framework
          <select
            value={selected ?? ''}
            onChange={(e) => {
              location.hash = `#/frameworks/${encodeURIComponent(e.target.value)}`;
            }}
          >
            {(frameworks ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.title} ({f.rules} built-in rules)
              </option>
            ))}
          </select>
        </label>
        {selected && (
          <span className="export">
            Evidence:{' '}
            <a className="button" href={postureApi.evidenceUrl(selected, 'json')} download>
              Export JSON
            </a>{' '}
            <a className="button" href={postureApi.evidenceUrl(selected, 'csv')} download>
              Export CSV
            </a>
          </span>
        )}
      </div>
      <ErrorNote error={error} />
      {selected && !view && !error && <p className="loading">Loading…</p>}
      {view && (
        <>
          <p data-testid="framework-summary">
            {view.controls.length} controls with results from uploaded scans; {failing} of {results.length}{' '}
            rule × service results fail.{' '}
            <a href={hashLink('rules', { framework: view.framework })}>Built-in rules for {view.title}</a>
          </p>
          {view.controls.length === 0 && (
            <p className="empty">No uploaded scan ran a rule mapped to {view.title} yet.</p>
          )}
          {view.controls.map((c) => (
            <section key={c.control} className="control" aria-labelledby={`control-${c.control}`}>
              <h2 id={`control-${c.control}`}>
                Control <span className="mono">{c.control}</span>
              </h2>
              <table className="counts control-table">
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Services</th>
                  </tr>
                </thead>
                <tbody>
                  {c.rules.map((r) => (
                    <tr key={r.ruleId}>
                      <th scope="row">
                        <a href={`#/rules/${encodeURIComponent(r.ruleId)}`}>{r.title}</a>
                        <div className="muted mono">{r.ruleId}</div>
                      </th>
                      <td>
                        {r.services.length === 0 && <span className="muted">not run by any service</span>}
                        <ul className="results">
                          {r.services.map((s) => (
                            <li key={s.serviceId} data-result={s.result}>
                              {s.result === 'pass' ? (
                                s.service
                              ) : (
                                <a
                                  href={hashLink('findings', {
                                    service: s.service,
                                    rule: r.ruleId,
                                    status:
                                      s.result === 'fail' ? 'new,open,reopened' : 'waived,risk-accepted',
                                  })}
                                >
                                  {s.service}
                                </a>
                              )}{' '}
                              <ResultBadge result={s} />
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
