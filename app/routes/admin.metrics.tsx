import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSiteAdmin } from "~/services/guards.server";

/** Prometheus text exposition of the live-editing counters; site administrators only (404 to others). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSiteAdmin(request, context);
  const body = context.services.sync?.metrics.render() ?? "";
  return new Response(body, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
}
