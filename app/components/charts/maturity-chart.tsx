import { useId } from "react";

/**
 * Baseline, current and target maturity per capability as grouped horizontal bars on the
 * 0–4 scale. "Not assessed" is drawn as a dashed outline with "n/a", never as a 0 bar.
 */
export interface MaturityRow {
  key: string;
  label: string;
  values: { baseline: number | null; current: number | null; target: number | null };
}
export interface MaturitySeries {
  key: "baseline" | "current" | "target";
  label: string;
  color: string;
}

const BAR_H = 10;
const ROW_GAP = 10;
const LABEL_W = 230;
const PLOT_W = 360;
const MAX = 4;

export function MaturityChart({ title, rows, series, notAssessed }: { title: string; rows: readonly MaturityRow[]; series: readonly MaturitySeries[]; notAssessed: string }) {
  const titleId = useId();
  const rowH = series.length * BAR_H + ROW_GAP;
  const top = 22;
  const height = top + rows.length * rowH + 8;
  const width = LABEL_W + PLOT_W + 40;
  const x = (v: number) => LABEL_W + (v / MAX) * PLOT_W;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} className="chart">
      <title id={titleId}>{title}</title>
      {[0, 1, 2, 3, 4].map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={top - 4} y2={height - 8} stroke={v === 0 ? "#505a66" : "#e3e7ec"} />
          <text x={x(v)} y={top - 8} textAnchor="middle" fontSize="11" fill="#505a66">
            {v}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y0 = top + i * rowH;
        return (
          <g key={r.key}>
            <text x={LABEL_W - 8} y={y0 + (series.length * BAR_H) / 2} textAnchor="end" dominantBaseline="central" fontSize="11" fill="#1b1f24">
              {r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label}
            </text>
            {series.map((s, j) => {
              const v = r.values[s.key];
              const y = y0 + j * BAR_H;
              if (v === null) {
                return (
                  <g key={s.key}>
                    <rect x={x(0)} y={y + 1} width={24} height={BAR_H - 2} fill="none" style={{ stroke: s.color }} strokeDasharray="2 2" />
                    <text x={x(0) + 28} y={y + BAR_H / 2} dominantBaseline="central" fontSize="8" fill="#505a66">
                      {notAssessed}
                    </text>
                    <title>{`${r.label}: ${s.label} ${notAssessed}`}</title>
                  </g>
                );
              }
              // The value is written at the bar's end, so level 0 (no bar length) still shows "0".
              return (
                <g key={s.key}>
                  <rect x={x(0)} y={y + 0.5} width={Math.max(2, x(v) - x(0))} height={BAR_H - 1} style={{ fill: s.color }}>
                    <title>{`${r.label}: ${s.label} ${v}`}</title>
                  </rect>
                  <text x={Math.max(x(0) + 2, x(v)) + 3} y={y + BAR_H / 2} dominantBaseline="central" fontSize="8" fill="#1b1f24">
                    {v}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
