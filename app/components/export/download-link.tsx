import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A link to a generated file. Without JavaScript it is a plain download link; with it, the file
 * is fetched so the page can say "Preparing…" while the server builds a large document, and
 * then saved under the name the server sent.
 */
export function DownloadLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  const { t } = useTranslation("export");
  const [state, setState] = useState<{ kind: "idle" } | { kind: "busy" } | { kind: "done"; name: string } | { kind: "failed" }>({ kind: "idle" });

  async function download(event: React.MouseEvent<HTMLAnchorElement>) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    if (state.kind === "busy") return;
    setState({ kind: "busy" });
    try {
      const res = await fetch(href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const blob = await res.blob();
      const name = fileNameOf(res.headers.get("content-disposition")) ?? "plan";
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ kind: "done", name });
    } catch {
      setState({ kind: "failed" });
    }
  }

  return (
    <span className="download-link">
      <a href={href} className={className} onClick={download} aria-busy={state.kind === "busy" || undefined} download>
        {children}
      </a>{" "}
      <span role="status" className={state.kind === "failed" ? "field-error" : "muted"}>
        {state.kind === "busy" ? t("preparing") : state.kind === "done" ? t("ready", { name: state.name }) : state.kind === "failed" ? t("failed") : ""}
      </span>
    </span>
  );
}

/** The file name from Content-Disposition, preferring the UTF-8 `filename*`. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1]! : null;
}
