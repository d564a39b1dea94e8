import { useTranslation } from "react-i18next";

/** An action's status as text with its colour (the colour never stands alone). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("actions");
  return <span className={`status-badge status-${status}`}>{t(`statuses.${status}`)}</span>;
}

/** Progress as a bar with the number beside it; the bar is decoration. */
export function ProgressBar({ value }: { value: number }) {
  return (
    <span className="progress">
      <span className="progress-track" aria-hidden="true">
        <span className="progress-fill" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </span>
      <span className="progress-value">{value} %</span>
    </span>
  );
}

/** Overdue / needs-attention / due-soon flags, from app/domain/actions.ts via the loader. */
export function ActionSignals({ overdue, atRisk, dueSoon, dueSoonDays }: { overdue: boolean; atRisk?: boolean; dueSoon?: boolean; dueSoonDays?: number }) {
  const { t } = useTranslation("actions");
  return (
    <>
      {overdue ? <span className="signal signal-overdue">{t("signals.overdue")}</span> : null}
      {!overdue && dueSoon ? <span className="signal signal-soon">{t("signals.dueSoon", { days: dueSoonDays ?? 14 })}</span> : null}
      {atRisk ? <span className="signal signal-risk">{t("signals.atRisk")}</span> : null}
    </>
  );
}
