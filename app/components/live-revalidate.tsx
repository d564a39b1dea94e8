import { useFetchers, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRefreshData } from "~/utils/revalidate";

/** Batch bursts of changes into one reload of the page's data. */
const DEBOUNCE_MS = 250;
/** While someone types, wait until they pause this long. */
const TYPING_PAUSE_MS = 1500;
/** Screen readers hear at most one "Updated by …" per this interval. */
const ANNOUNCE_EVERY_MS = 10_000;

/**
 * Listens to the plan's event stream and revalidates the page's loaders when anything changes,
 * so every open page shows what others did within a second. Typing is never disturbed: a reload
 * waits while the user is typing, and Remix keeps what is in uncontrolled inputs (edit forms also
 * keep their own starting values; see docs/decisions/041-live-revalidation.md).
 */
export function LiveRevalidate({ planId }: { planId: string }) {
  const { t } = useTranslation("actions");
  const revalidator = useRefreshData();
  const revalidate = useRef(revalidator.refresh);
  revalidate.current = revalidator.refresh;
  // A revalidation during a submission or navigation would cancel its redirect: wait for idle.
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const busy = useRef(false);
  busy.current = navigation.state !== "idle" || revalidator.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let lastTyping = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastAnnounced = 0;
    let pendingName: string | null = null;

    const onInput = (e: Event) => {
      const target = e.target as HTMLElement | null;
      // Filter forms (GET) submit themselves; only typing in forms that save counts.
      const form = target && "form" in target ? (target as HTMLInputElement).form : null;
      if (form && form.method.toLowerCase() === "post") lastTyping = Date.now();
    };
    document.addEventListener("input", onInput, true);

    const run = () => {
      const sinceTyping = Date.now() - lastTyping;
      if (sinceTyping < TYPING_PAUSE_MS) {
        timer = setTimeout(run, TYPING_PAUSE_MS - sinceTyping);
        return;
      }
      if (busy.current) {
        timer = setTimeout(run, DEBOUNCE_MS);
        return;
      }
      timer = undefined;
      revalidate.current();
      if (pendingName !== null && Date.now() - lastAnnounced >= ANNOUNCE_EVERY_MS) {
        lastAnnounced = Date.now();
        setAnnouncement(pendingName ? t("live.updatedBy", { name: pendingName }) : t("live.updatedBySomeone"));
        pendingName = null;
      }
    };
    const source = new EventSource(`/plans/${encodeURIComponent(planId)}/events`);
    source.addEventListener("plan-changed", (e) => {
      let payload: { actorName?: string; self?: boolean } = {};
      try {
        payload = JSON.parse((e as MessageEvent<string>).data) as typeof payload;
      } catch {
        // A malformed event still means something changed.
      }
      if (!payload.self) pendingName = payload.actorName ?? "";
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    return () => {
      source.close();
      clearTimeout(timer);
      document.removeEventListener("input", onInput, true);
    };
  }, [planId, t]);

  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="live-announcement">
      {announcement}
    </p>
  );
}
