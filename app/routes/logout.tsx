import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie, endSession } from "~/services/auth.server";
import { isSecureOrigin } from "~/services/guards.server";

export async function loader() {
  // Signing out changes state, so it is a POST (from the header's button); a GET just goes home.
  throw redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth) await endSession(context.services.db, context.services.events, context.auth.user.id, context.auth.session.id);
  throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(isSecureOrigin(context)) } });
}
