import { useId } from "react";

/** One series over time as server-rendered SVG: points labelled with their values. */
export interface Point {
  label: string;
  value: number;
}

const W = 640;
const H = 240;
const PAD = { top: 22, right: 24, bottom: 44, left: 56 };

export function LineChart({ title, points, color = "var(--status-delayed)" }: { title: string; points: readonly Point[]; color?: string }) {
  const titleId = useId();
  const max = Math.max(1, ...points.map((p) => p.value));
  const niceMax = Math.max(1, Math.ceil(max / 5) * 5 === max ? max : max <= 5 ? max : Math.ceil(max / 5) * 5);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / niceMax) * innerH;
  const ticks = [0, niceMax / 2, niceMax].map((v) => Math.round(v * 10) / 10);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={titleId} className="chart">
      <title id={titleId}>{title}</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e7ec" />
          <text x={PAD.left - 6} y={y(v)} textAnchor="end" dominantBaseline="central" fontSize="11" fill="#505a66">
            {v}
          </text>
        </g>
      ))}
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#505a66" />
      <polyline points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ")} fill="none" style={{ stroke: color }} strokeWidth="2.5" />
      {points.map((p, i) => (
        <g key={p.label + i}>
          <circle cx={x(i)} cy={y(p.value)} r="4" style={{ fill: color }}>
            <title>{`${p.label}: ${p.value}`}</title>
          </circle>
          <text x={x(i)} y={y(p.value) - 9} textAnchor="middle" fontSize="11" fontWeight="700" fill="#1b1f24">
            {p.value}
          </text>
          <text x={x(i)} y={H - PAD.bottom + 16} textAnchor="end" fontSize="10" fill="#505a66" transform={`rotate(-35 ${x(i)} ${H - PAD.bottom + 16})`}>
            {p.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
