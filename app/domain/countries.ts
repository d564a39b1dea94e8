import countries from "i18n-iso-countries";

/**
 * ISO 3166-1 alpha-2 codes (the library keeps the list current), plus ZZ, which ISO reserves
 * for an unknown area: used by demo and training plans of fictional countries.
 * Names come from Intl in any language.
 */
export const COUNTRY_CODES: readonly string[] = [...Object.keys(countries.getAlpha2Codes()), "ZZ"].sort();
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

export function countryOptions(locale: string): Array<{ code: string; name: string }> {
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale));
}
