import { useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useRefreshData } from "~/utils/revalidate";
import { TIME_ZONE_COOKIE } from "~/utils/time-zone";

/** Tells the server the browser's time zone once, so server-rendered times match the reader's clock. */
export function TimeZoneSync() {
  const root = useRouteLoaderData<{ timeZone: string }>("root");
  const { refresh: revalidate } = useRefreshData();
  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz || tz === root?.timeZone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(tz)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    revalidate();
  }, [root?.timeZone, revalidate]);
  return null;
}
