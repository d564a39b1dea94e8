/**
 * Meeting times: entered as a local day and time in an IANA time zone, stored as UTC instants.
 * Pure (Intl only), so the form, the service and the tests convert the same way.
 */

function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - instant) / 60_000);
}

/** "2027-03-01" + "09:30" in "Europe/Paris" → "2027-03-01T08:30:00.000Z". Null for a bad day, time or zone. */
export function zonedToUtc(day: string, time: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time) || !isTimeZone(timeZone)) return null;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  if (new Date(naive).toISOString().slice(0, 10) !== day) return null;
  // Two passes settle the offset across a daylight-saving change.
  let instant = naive - offsetMinutes(naive, timeZone) * 60_000;
  instant = naive - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** An instant → its local day and time in a zone (to pre-fill forms). */
export function utcToZoned(iso: string, timeZone: string): { day: string; time: string } {
  const instant = Date.parse(iso);
  const local = new Date(instant + offsetMinutes(instant, isTimeZone(timeZone) ? timeZone : "UTC") * 60_000).toISOString();
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
}

const zones = new Set<string>(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
zones.add("UTC");

export function isTimeZone(value: string): boolean {
  return zones.has(value);
}

export function timeZones(): string[] {
  return [...zones].sort();
}

/**
 * When a meeting happens, in one zone: "Wednesday, March 10, 2027 at 2:00 PM – 4:00 PM". The
 * zone is always given (a page passes the meeting's or the reader's), never the process's own.
 */
export function formatMeetingSpan(startsAt: string, endsAt: string, timeZone: string, locale: string): string {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  const start = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(new Date(startsAt));
  const end = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone }).format(new Date(endsAt));
  return `${start} – ${end}`;
}

/** One instant as a medium date and short time in a zone. */
export function formatInZone(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: isTimeZone(timeZone) ? timeZone : "UTC" }).format(new Date(iso));
}
