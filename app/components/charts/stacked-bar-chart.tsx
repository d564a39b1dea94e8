import { useId, type ReactNode } from "react";

/**
 * Horizontal stacked bars rendered as plain SVG on the server: no script, prints as drawn.
 * Colours come from CSS variables and are always paired with labels in the legend; each
 * segment carries its count as text when it is wide enough, and as a <title> otherwise.
 */
export interface Series {
  key: string;
  label: string;
  /** A CSS colour, e.g. "var(--status-on-track)". */
  color: string;
  /** Text colour on top of the fill. */
  textColor?: string;
}
export interface BarRow {
  key: string;
  label: string;
  values: Record<string, number>;
}

const ROW_H = 26;
const GAP = 10;
const LABEL_W = 200;
const BAR_W = 420;
const RIGHT = 50;

export function StackedBarChart({ title, rows, series, emptyText }: { title: string; rows: readonly BarRow[]; series: readonly Series[]; emptyText?: ReactNode }) {
  const titleId = useId();
  const max = Math.max(1, ...rows.map((r) => series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0)));
  const height = rows.length * (ROW_H + GAP) + GAP;
  const width = LABEL_W + BAR_W + RIGHT;
  return (
    <>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} className="chart">
        <title id={titleId}>{title}</title>
        {rows.map((r, i) => {
          const y = GAP + i * (ROW_H + GAP);
          let x = LABEL_W;
          const total = series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0);
          return (
            <g key={r.key}>
              <text x={LABEL_W - 8} y={y + ROW_H / 2} textAnchor="end" dominantBaseline="central" fontSize="12" fill="#1b1f24">
                {truncate(r.label, 30)}
              </text>
              <line x1={LABEL_W} x2={LABEL_W} y1={y - 4} y2={y + ROW_H + 4} stroke="#c9d0d8" />
              {series.map((s) => {
                const v = r.values[s.key] ?? 0;
                if (v <= 0) return null;
                const w = (v / max) * BAR_W;
                const seg = (
                  <g key={s.key}>
                    <rect x={x} y={y} width={w} height={ROW_H} style={{ fill: s.color }} stroke="#ffffff" strokeWidth="1">
                      <title>{`${r.label}: ${s.label} ${v}`}</title>
                    </rect>
                    {w >= 18 ? (
                      <text x={x + w / 2} y={y + ROW_H / 2} textAnchor="middle" dominantBaseline="central" fontSize="11" fontWeight="700" style={{ fill: s.textColor ?? "#ffffff" }}>
                        {v}
                      </text>
                    ) : null}
                  </g>
                );
                x += w;
                return seg;
              })}
              <text x={x + 6} y={y + ROW_H / 2} dominantBaseline="central" fontSize="12" fill="#505a66">
                {total > 0 ? total : emptyText ? "0" : ""}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </>
  );
}

export function Legend({ series }: { series: readonly Series[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
