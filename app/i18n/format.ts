import { useTranslation } from "react-i18next";
import { useRouteLoaderData } from "@remix-run/react";

/**
 * Dates and numbers in the reader's language and time zone. The time zone comes from the
 * root loader (a cookie the browser sets), so server and browser render the same text.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const root = useRouteLoaderData<{ timeZone?: string }>("root");
  const locale = i18n.language;
  const timeZone = root?.timeZone ?? "UTC";
  return {
    locale,
    timeZone,
    date: (iso: string | Date | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: dateOnly(iso) ? "UTC" : timeZone }).format(new Date(iso)) : "",
    dateTime: (iso: string | Date | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) : "",
    number: (n: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(n),
    percent: (fraction: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(fraction),
  };
}

// A bare calendar date ("2027-03-01") means that day everywhere; never shift it by time zone.
function dateOnly(value: string | Date): boolean {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
}
