import { useRevalidator } from "@remix-run/react";
import { useCallback } from "react";

/**
 * Reloads the page's data. A revalidation that a navigation or a newer revalidation supersedes
 * rejects with an AbortError; that is the router doing its job, not a failure, so it is dropped
 * here (anything else is rethrown). The one way the app asks for fresh data.
 */
export function useRefreshData(): { refresh: () => void; state: "idle" | "loading" } {
  const { revalidate, state } = useRevalidator();
  const refresh = useCallback(() => {
    try {
      Promise.resolve(revalidate()).catch(ignoreAbort);
    } catch (error) {
      ignoreAbort(error);
    }
  }, [revalidate]);
  return { refresh, state };
}

function ignoreAbort(error: unknown): void {
  if (!(error instanceof Error && error.name === "AbortError")) throw error;
}
