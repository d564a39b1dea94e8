import { useRevalidator } from "@remix-run/react";

/**
 * Reloads the page's data: the one way the app asks for fresh data. A revalidation that a
 * navigation or a newer one supersedes ends in an AbortError inside the router, in a promise it
 * does not hand back (`revalidate()` returns nothing); entry.client.tsx's unhandledrejection
 * listener is what keeps that from being reported as a page error.
 */
export function useRefreshData(): { refresh: () => void; state: "idle" | "loading" } {
  const { revalidate, state } = useRevalidator();
  return { refresh: revalidate, state };
}
