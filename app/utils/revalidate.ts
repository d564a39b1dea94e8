import { useRevalidator } from "@remix-run/react";
import { useCallback } from "react";

/**
 * Reloads the page's data: the one way the app asks for fresh data. A revalidation that a
 * navigation or a newer revalidation supersedes ends in an AbortError; that is the router doing
 * its job, so it is dropped here (anything else is rethrown), and, where the router leaves it in
 * a promise nobody awaits, by the unhandledrejection listener in entry.client.tsx.
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
