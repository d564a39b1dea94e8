import countries from "i18n-iso-countries";

/**
 * ISO 3166-1 alpha-2 codes (the library keeps the list current), plus ZZ, which ISO reserves
 * for an unknown area: used by demo and training plans of fictional countries.
 * Names come from Intl in any language.
 */
export const COUNTRY_CODES: readonly string[] = [...Object.keys(countries.getAlpha2Codes()), "ZZ"].sort();
/** The code of a country or territory that has no ISO code of its own; a plan using it names the country. */
export const OTHER_COUNTRY = "ZZ";
export const COUNTRY_NAME_MAX = 100;
const codeSet = new Set(COUNTRY_CODES);

export function isCountryCode(value: unknown): value is string {
  return typeof value === "string" && codeSet.has(value);
}

export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale, "en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The named countries, by name; forms add OTHER_COUNTRY with their own label ("Intl" calls it "Unknown Region"). */
export function countryOptions(locale: string): Array<{ code: string; name: string }> {
  return COUNTRY_CODES.filter((code) => code !== OTHER_COUNTRY)
    .map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * The name a plan shows for its country or territory: the plan's own name if it has one, else the
 * standard name of its code in the reader's language; empty for OTHER_COUNTRY left unnamed.
 */
export function planCountryName(plan: { country: string; country_name: string }, locale: string): string {
  const own = plan.country_name.trim();
  if (own) return own;
  return plan.country === OTHER_COUNTRY ? "" : countryName(plan.country, locale);
}
