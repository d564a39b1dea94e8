import { useTranslation } from "react-i18next";
import type { Gap, Level, MaturityLevels } from "~/domain/gap";

/**
 * One maturity level: its number and name, or a clearly different "Not assessed" chip
 * (dashed, no number) so that null never reads as level 0.
 */
export function LevelChip({ level, names, compact = false }: { level: Level; names: readonly string[]; compact?: boolean }) {
  const { t } = useTranslation("mnr");
  if (level === null) {
    return <span className="level level-none">{compact ? <abbr title={t("level.notAssessed")}>{t("level.notAssessedShort")}</abbr> : t("level.notAssessed")}</span>;
  }
  const name = names[level] ?? String(level);
  return (
    <span className={`level level-${level}`}>
      <span className="level-number">{level}</span>
      {compact ? <span className="visually-hidden"> {name}</span> : <span className="level-name">{name}</span>}
    </span>
  );
}

/** Baseline → current → target, each labelled. */
export function MaturityTrail({ levels, names, compact = false }: { levels: MaturityLevels; names: readonly string[]; compact?: boolean }) {
  const { t } = useTranslation("mnr");
  return (
    <dl className={`maturity-trail${compact ? " compact" : ""}`}>
      {(["baseline", "current", "target"] as const).map((k, i) => (
        <div key={k} className="maturity-step">
          {i > 0 ? (
            <span className="maturity-arrow" aria-hidden="true">
              →
            </span>
          ) : null}
          <dt className={compact ? "visually-hidden" : undefined}>{t(`level.${k}`)}</dt>
          <dd>
            <LevelChip level={levels[k]} names={names} compact={compact} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The gap as text (and a band class for colour): "2 levels", "Target met", "No target", "Not assessed". */
export function GapLabel({ gap }: { gap: Gap }) {
  const { t } = useTranslation("mnr");
  const band = gap.size === null ? "unknown" : String(Math.min(gap.size, 4));
  return (
    <span className={`gap gap-${band}`}>
      {gap.state === "gap" ? t("gap.levels", { count: gap.size ?? 0 }) : t(`gap.${gap.state}`)}
      {gap.basis === "baseline" && gap.size !== null ? <span className="gap-basis"> {t("gap.fromBaseline")}</span> : null}
    </span>
  );
}
