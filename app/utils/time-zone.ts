export const TIME_ZONE_COOKIE = "tf_tz";

const valid = new Set<string>(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
valid.add("UTC");

/** The reader's IANA time zone from its cookie; anything unknown falls back to UTC. */
export function readTimeZone(cookieHeader: string | null | undefined): string {
  const match = cookieHeader?.split(";").map((p) => p.trim()).find((p) => p.startsWith(`${TIME_ZONE_COOKIE}=`));
  const value = match ? decodeURIComponent(match.slice(TIME_ZONE_COOKIE.length + 1)) : "";
  return valid.has(value) ? value : "UTC";
}
