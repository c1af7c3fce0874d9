import { useCallback, useId, useState } from 'react';
import type { TrendPoint } from '../api/posture.ts';
import type { Severity } from '../api.ts';

// Stacked areas of open findings per severity per day, drawn as plain SVG (no chart library:
// one chart type, and the accessible parts — title, description, table — matter more than features).

/** Bottom to top: the most severe layer sits on top, where the eye lands first. */
const STACK: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const COLOR: Readonly<Record<Severity, string>> = {
  critical: '#a51d2d',
  high: '#e66100',
  medium: '#f6d32d',
  low: '#99c1f1',
  info: '#c0bfbc',
};
/** Drawing width before the first measurement; then the figure's width, so text stays at 11 px. */
const DEFAULT_W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };

/** 1, 2 or 5 × 10^k at or above `n`, so the axis ends on a round number. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export const total = (p: TrendPoint): number => STACK.reduce((sum, s) => sum + p.open[s], 0);

export function TrendChart({
  points,
  title,
}: {
  readonly points: readonly TrendPoint[];
  readonly title: string;
}) {
  const id = useId();
  const [W, setW] = useState(DEFAULT_W);
  // A ref callback (React 19 runs its cleanup): it follows the figure even when it appears later.
  const measure = useCallback((figure: HTMLElement | null) => {
    if (!figure) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width > 0) setW(Math.max(240, width));
    });
    observer.observe(figure);
    return () => observer.disconnect();
  }, []);
  if (points.length === 0) return <p className="empty">No trend data yet: upload a scan first.</p>;
  const first = points[0] as TrendPoint;
  const last = points[points.length - 1] as TrendPoint;
  const max = niceMax(Math.max(...points.map(total)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  // One day still spans the width (a flat band), so a single snapshot is visible.
  const x = (i: number) =>
    PAD.left + (points.length === 1 ? (i === 0 ? 0 : innerW) : (i * innerW) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const series = points.length === 1 ? [first, first] : points;

  const layers = STACK.map((severity, k) => {
    const below = (p: TrendPoint) => STACK.slice(0, k).reduce((sum, s) => sum + p.open[s], 0);
    const top = series.map((p, i) => `${x(i).toFixed(1)},${y(below(p) + p.open[severity]).toFixed(1)}`);
    const bottom = series.map((p, i) => `${x(i).toFixed(1)},${y(below(p)).toFixed(1)}`).reverse();
    return { severity, d: `M${top.join('L')}L${bottom.join('L')}Z` };
  });
  const ticks = [0, max / 2, max];
  const summary = `${total(first)} open on ${first.day}, ${total(last)} on ${last.day} (${STACK.slice()
    .reverse()
    .map((s) => `${last.open[s]} ${s}`)
    .join(', ')}).`;

  return (
    <figure className="trend" ref={measure}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="trend-chart"
        data-points={points.length}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((t) => (
          <g key={t} className="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e3e8ee" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#5f6b7a">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {layers.map((l) => (
          <path key={l.severity} d={l.d} fill={COLOR[l.severity]} data-severity={l.severity} />
        ))}
        <text x={PAD.left} y={H - 6} fontSize="11" fill="#5f6b7a">
          {first.day}
        </text>
        <text x={W - PAD.right} y={H - 6} fontSize="11" fill="#5f6b7a" textAnchor="end">
          {last.day}
        </text>
      </svg>
      <figcaption>
        <ul className="legend">
          {STACK.slice()
            .reverse()
            .map((s) => (
              <li key={s}>
                <span className={`swatch sev-${s}`} aria-hidden="true" /> {s}
              </li>
            ))}
        </ul>
        <details>
          <summary>Show as a table</summary>
          <div className="table-scroll">
            <table className="trend-table">
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {STACK.slice()
                    .reverse()
                    .map((s) => (
                      <th key={s} scope="col">
                        {s}
                      </th>
                    ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.day}>
                    <th scope="row">{p.day}</th>
                    {STACK.slice()
                      .reverse()
                      .map((s) => (
                        <td key={s}>{p.open[s]}</td>
                      ))}
                    <td>{total(p)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
