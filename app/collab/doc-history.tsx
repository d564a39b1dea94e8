import { lazy, Suspense, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";

const VersionView = lazy(() => import("./version-view.client"));

interface VersionSummary {
  id: string;
  name: string | null;
  auto: boolean;
  createdAt: string;
  createdBy: string | null;
  authors: string[];
}
type Change = { kind: "same" | "removed"; text: string } | { kind: "added"; text: string; authors: string[] };
interface VersionDetail {
  version: VersionSummary;
  state: string;
  authorsSince: string[];
  changes: Change[];
}

/**
 * Version history of a collaborative document: keep a named version, open an old one
 * read-only, see what changed since (by paragraph, with authors), restore it for everyone.
 */
export function DocHistory({ planId, docName, title }: { planId: string; docName: string; title: string }) {
  const { t } = useTranslation("collab");
  const f = useFormat();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [canWrite, setCanWrite] = useState(false);
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [status, setStatus] = useState("");
  const [name, setName] = useState("");
  const base = `/plans/${planId}/docs?doc=${encodeURIComponent(docName)}`;

  const refresh = useCallback(async () => {
    const res = await fetch(base, { headers: { Accept: "application/json" } });
    if (!res.ok) return setStatus(t("history.failed"));
    const data = (await res.json()) as { versions: VersionSummary[]; canWrite: boolean };
    setVersions(data.versions);
    setCanWrite(data.canWrite);
  }, [base, t]);

  useEffect(() => {
    if (open) void refresh();
  }, [open, refresh]);

  const post = async (fields: Record<string, string>) => {
    const res = await fetch(base, { method: "POST", body: new URLSearchParams(fields) });
    return res.ok;
  };

  const label = (v: VersionSummary) => v.name ?? t("history.automatic");

  return (
    <details className="collab-history" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("history.title", { title })}</summary>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {status ? <p className="muted">{status}</p> : null}
      {canWrite ? (
        <form
          className="collab-history-save"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            void post({ intent: "save", name }).then(async (ok) => {
              setStatus(ok ? t("history.saved", { name }) : t("history.failed"));
              if (ok) setName("");
              await refresh();
            });
          }}
        >
          <label htmlFor={`${headingId}-name`}>{t("history.nameLabel")}</label>
          <input id={`${headingId}-name`} name="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder={t("history.namePlaceholder")} />
          <button type="submit" className="button primary">
            {t("history.save")}
          </button>
        </form>
      ) : null}
      {versions === null ? (
        <p className="muted">{t("loading")}</p>
      ) : versions.length === 0 ? (
        <p className="muted">{t("history.none")}</p>
      ) : (
        <table className="table collab-versions">
          <caption className="visually-hidden">{t("history.title", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("history.version")}</th>
              <th scope="col">{t("history.when")}</th>
              <th scope="col">{t("history.authors")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("history.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>{label(v)}</td>
                <td>{f.dateTime(v.createdAt)}</td>
                <td>{v.authors.join(", ") || "—"}</td>
                <td>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => {
                      void fetch(`${base}&version=${encodeURIComponent(v.id)}`).then(async (res) => {
                        if (res.ok) setDetail((await res.json()) as VersionDetail);
                        else setStatus(t("history.failed"));
                      });
                    }}
                  >
                    {t("history.openVersion", { version: label(v), when: f.dateTime(v.createdAt) })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail ? (
        <section className="collab-version" aria-label={t("history.viewing", { version: label(detail.version) })}>
          <h3>{t("history.viewing", { version: label(detail.version) })}</h3>
          <p className="collab-readonly" role="note">
            {t("history.readOnlyCopy", { when: f.dateTime(detail.version.createdAt) })}
          </p>
          <Suspense fallback={<p className="muted">{t("loading")}</p>}>
            <VersionView key={detail.version.id} state={detail.state} label={t("history.viewing", { version: label(detail.version) })} />
          </Suspense>
          <h4>{t("history.changesSince")}</h4>
          {detail.authorsSince.length > 0 ? <p>{t("history.editedBy", { names: detail.authorsSince.join(", ") })}</p> : null}
          {detail.changes.every((c) => c.kind === "same") ? (
            <p className="muted">{t("history.noChanges")}</p>
          ) : (
            <ol className="collab-changes">
              {detail.changes
                .filter((c) => c.kind !== "same")
                .map((c, i) => (
                  <li key={i} className={`collab-change collab-change-${c.kind}`}>
                    <strong>{t(`history.${c.kind}`)}</strong> {c.kind === "removed" ? <del>{c.text || "¶"}</del> : <ins>{c.text || "¶"}</ins>}
                    {c.kind === "added" && c.authors.length > 0 ? <span className="muted"> — {c.authors.join(", ")}</span> : null}
                  </li>
                ))}
            </ol>
          )}
          <div className="collab-version-actions">
            {canWrite ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  if (!window.confirm(t("history.confirmRestore"))) return;
                  void post({ intent: "restore", version: detail.version.id }).then(async (ok) => {
                    setStatus(ok ? t("history.restored", { version: label(detail.version) }) : t("history.failed"));
                    if (ok) setDetail(null);
                    await refresh();
                  });
                }}
              >
                {t("history.restore")}
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => setDetail(null)}>
              {t("history.close")}
            </button>
          </div>
        </section>
      ) : null}
    </details>
  );
}
