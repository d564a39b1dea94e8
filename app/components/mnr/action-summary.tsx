import { useTranslation } from "react-i18next";
import { ACTION_STATUSES, type ActionStatus } from "~/domain/actions";
import type { Rollup } from "~/domain/progress";
import { useFormat } from "~/i18n/format";

/** Status colour always paired with its label (and a count). */
export function StatusPill({ status, count }: { status: ActionStatus; count?: number }) {
  const { t } = useTranslation("mnr");
  return (
    <span className={`status-pill status-${status}`}>
      <span className="status-swatch" aria-hidden="true" />
      {t(`status.${status}`)}
      {count !== undefined ? <strong className="status-count">{count}</strong> : null}
    </span>
  );
}

/** Action counts by status (non-zero only), or "No actions". */
export function StatusCounts({ rollup }: { rollup: Rollup }) {
  const { t } = useTranslation("mnr");
  if (rollup.total === 0) return <span className="muted">{t("actions.none")}</span>;
  return (
    <ul className="status-counts" aria-label={t("actions.byStatus")}>
      {ACTION_STATUSES.filter((s) => rollup.byStatus[s] > 0).map((s) => (
        <li key={s}>
          <StatusPill status={s} count={rollup.byStatus[s]} />
        </li>
      ))}
      {rollup.overdue > 0 ? (
        <li>
          <span className="overdue-flag">{t("actions.overdue", { count: rollup.overdue })}</span>
        </li>
      ) : null}
    </ul>
  );
}

/** Rolled-up progress: a bar with its percentage as text, or a dash when nothing counts. */
export function ProgressBar({ rollup, label }: { rollup: Rollup; label?: string }) {
  const { t } = useTranslation("mnr");
  const f = useFormat();
  if (rollup.progress === null)
    return (
      <span className="progress-none" title={t("progress.none")}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t("progress.none")}</span>
      </span>
    );
  const pct = Math.round(rollup.progress);
  return (
    <span className="progress">
      <span className="progress-track" aria-hidden="true">
        <span className="progress-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="progress-text">
        {label ? <span className="visually-hidden">{label} </span> : null}
        {f.percent(pct / 100)}
      </span>
    </span>
  );
}
