import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PlanDocument } from "~/domain/document/plan-document";
import { runningHeader } from "~/domain/document/text";
import { cssString } from "~/utils/css-string";

/**
 * Buttons above the print view (hidden when printing) and the running header of printed pages:
 * CSS page-margin boxes take only literal text, so the plan's title is written into an @page rule.
 */
export function PrintToolbar({ back, backLabel, doc, label }: { back: string; backLabel?: string; doc: PlanDocument; label?: string }) {
  const { t } = useTranslation("export");
  const header = runningHeader((key, options) => t(key, options), doc.plan);
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: `@page { @top-center { content: ${cssString(label ? `${header} · ${label}` : header)}; } }` }} />
      <div className="print-toolbar no-print">
        <Link to={back}>{backLabel ?? t("backToExport")}</Link>
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("printButton")}
        </button>
      </div>
    </>
  );
}
