import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A link shown in a read-only input with a Copy button. The app sends no mail, so people pass
 * invitation links on by hand: the input stays visible so the link can also be selected and
 * copied with the keyboard where the clipboard API is unavailable (plain http, old browsers).
 */
export function CopyLink({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation("members");
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<"idle" | "copied" | "manual">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      input.current?.select();
      setStatus("manual");
    }
  }
  return (
    <div className="copy-link field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-link-row">
        <input id={id} ref={input} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="button" onClick={copy}>
          {t("copy.button")}
        </button>
      </div>
      <p role="status" className="field-hint">
        {status === "copied" ? t("copy.copied") : status === "manual" ? t("copy.manual") : ""}
      </p>
    </div>
  );
}
