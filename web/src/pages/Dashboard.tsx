import { type ReactNode, useEffect, useState } from 'react';
import { type CountRow, postureApi, type Team, type TrendPoint } from '../api/posture.ts';
import { api, errorMessage, type Finding, SEVERITIES, type Severity } from '../api.ts';
import { SeverityBadge } from './badges.tsx';
import { ErrorNote } from './form-parts.tsx';
import { hashLink } from './hash-query.ts';
import { TrendChart } from './TrendChart.tsx';

/** Findings that still need work; every dashboard figure counts these. */
const ACTIVE = 'new,open,reopened';
const TREND_DAYS = [7, 30, 90, 365] as const;
const OVERDUE_SHOWN = 10;
/** Rows of the by-service and by-rule tables (the API answers most findings first). */
const TOP = 10;

interface Data {
  readonly bySeverity: readonly CountRow[];
  readonly byTeam: readonly CountRow[];
  readonly byService: readonly CountRow[];
  readonly byRule: readonly CountRow[];
  readonly overdue: readonly CountRow[];
  readonly overdueFirst: readonly Finding[];
  /** Team id → display name; empty when the caller may not read the catalog. */
  readonly teams: ReadonlyMap<string, string>;
}

const countOf = (rows: readonly CountRow[], key: string) => rows.find((r) => r.key === key)?.count ?? 0;
const sum = (rows: readonly CountRow[]) => rows.reduce((n, r) => n + r.count, 0);
const message = (err: unknown) => errorMessage(err);

export function DashboardPage() {
  const [data, setData] = useState<Data | undefined>();
  const [error, setError] = useState('');
  const [days, setDays] = useState<number>(30);
  const [trend, setTrend] = useState<readonly TrendPoint[] | undefined>();
  const [trendError, setTrendError] = useState('');

  useEffect(() => {
    let live = true;
    Promise.all([
      postureApi.counts('severity', { active: true }),
      postureApi.counts('team', { active: true }),
      postureApi.counts('service', { active: true }),
      postureApi.counts('rule', { active: true }),
      postureApi.counts('severity', { active: true, overdue: true }),
      api.findings({ severity: '', status: ACTIVE, service: '', overdue: true }, undefined, OVERDUE_SHOWN),
      // Names only: without catalog:read the team ids are shown instead.
      postureApi.teams().catch((): Team[] => []),
    ]).then(
      ([bySeverity, byTeam, byService, byRule, overdue, overduePage, teams]) =>
        live &&
        setData({
          bySeverity,
          byTeam,
          byService,
          byRule,
          overdue,
          overdueFirst: overduePage.items,
          teams: new Map(teams.map((t) => [t.id, t.displayName || t.name])),
        }),
      (err: unknown) => live && setError(message(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    setTrendError('');
    postureApi.trend(days).then(
      (points) => live && setTrend(points),
      (err: unknown) => live && setTrendError(message(err)),
    );
    return () => {
      live = false;
    };
  }, [days]);

  const active = data ? sum(data.bySeverity) : 0;
  const overdueTotal = data ? sum(data.overdue) : 0;

  return (
    <section className="dashboard">
      <h1>Dashboard</h1>
      <ErrorNote error={error} />
      {!data && !error && <p className="loading">Loading…</p>}
      {data && (
        <>
          <section aria-labelledby="by-severity">
            <h2 id="by-severity">
              Open findings by severity{' '}
              <a className="total" href={hashLink('findings', { status: ACTIVE })} data-testid="active-total">
                {active}
              </a>
            </h2>
            <ul className="tiles">
              {SEVERITIES.map((s: Severity) => (
                <li key={s}>
                  <a
                    className={`tile tile-${s}`}
                    href={hashLink('findings', { severity: s, status: ACTIVE })}
                    data-severity={s}
                    aria-label={`${countOf(data.bySeverity, s)} open ${s} findings`}
                  >
                    <span className="tile-count">{countOf(data.bySeverity, s)}</span>
                    <SeverityBadge severity={s} />
                  </a>
                </li>
              ))}
            </ul>
          </section>

          <div className="dash-grid">
            <CountTable
              id="by-team"
              title="Open findings by team"
              column="Team"
              rows={data.byTeam}
              name={(key) => data.teams.get(key) ?? key}
              link={(key) => hashLink('findings', { team: key, status: ACTIVE })}
            />

            <section aria-labelledby="overdue">
              <h2 id="overdue">
                Overdue SLAs{' '}
                <a
                  className="total overdue-total"
                  href={hashLink('findings', { status: ACTIVE, overdue: 'true' })}
                  data-testid="overdue-total"
                >
                  {overdueTotal}
                </a>
              </h2>
              {data.overdueFirst.length === 0 ? (
                <p className="empty">Nothing is past its SLA.</p>
              ) : (
                <ul className="overdue-list">
                  {data.overdueFirst.map((f) => (
                    <li key={f.id} data-finding-id={f.id}>
                      <SeverityBadge severity={f.severity} />{' '}
                      <a href={`#/findings/${encodeURIComponent(f.id)}`}>{f.title}</a>
                      <div className="muted">
                        {f.serviceName} · due {f.slaDueAt?.slice(0, 10) ?? '—'}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {overdueTotal > data.overdueFirst.length && (
                <p>
                  <a href={hashLink('findings', { status: ACTIVE, overdue: 'true' })}>
                    All {overdueTotal} overdue findings →
                  </a>
                </p>
              )}
            </section>
          </div>

          <div className="dash-grid halves">
            <CountTable
              id="by-service"
              title={`Services with the most open findings`}
              column="Service"
              rows={data.byService.slice(0, TOP)}
              name={(key) => key}
              link={(key) => hashLink('findings', { service: key, status: ACTIVE })}
            />
            <CountTable
              id="by-rule"
              title={`Rules with the most open findings`}
              column="Rule"
              rows={data.byRule.slice(0, TOP)}
              name={(key) => <a href={`#/rules/${encodeURIComponent(key)}`}>{key}</a>}
              link={(key) => hashLink('findings', { rule: key, status: ACTIVE })}
            />
          </div>
        </>
      )}

      <section aria-labelledby="trend">
        <div className="section-head">
          <h2 id="trend">Trend</h2>
          <label className="inline">
            Period
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {TREND_DAYS.map((d) => (
                <option key={d} value={d}>
                  last {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorNote error={trendError} />
        {trend && (
          <TrendChart points={trend} title={`Open findings per day by severity, last ${days} days`} />
        )}
      </section>
    </section>
  );
}

/** Open findings per key (team, service, rule); each count links to those findings. */
function CountTable(props: {
  readonly id: string;
  readonly title: string;
  readonly column: string;
  readonly rows: readonly CountRow[];
  readonly name: (key: string) => ReactNode;
  readonly link: (key: string) => string;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p className="empty">No open findings.</p>
      ) : (
        <table className="counts" data-testid={props.id}>
          <thead>
            <tr>
              <th scope="col">{props.column}</th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{props.name(r.key)}</th>
                <td>
                  <a href={props.link(r.key)} aria-label={`${r.count} open findings`}>
                    {r.count}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
