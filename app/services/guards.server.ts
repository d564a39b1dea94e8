import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Auth } from "./auth.server";

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireAuth(request: Request, context: AppLoadContext): Auth {
  if (context.auth) return context.auth;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export function requireSiteAdmin(request: Request, context: AppLoadContext): Auth {
  const auth = requireAuth(request, context);
  // 404, not 403: the admin pages are not advertised to anyone else.
  if (!auth.user.isSiteAdmin) throw new Response("Not Found", { status: 404 });
  return auth;
}

/** Only same-site relative paths, so `redirectTo` cannot send a user to another site. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function isSecureOrigin(context: AppLoadContext): boolean {
  return context.services.config.appOrigin.startsWith("https:");
}
