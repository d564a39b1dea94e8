/** Shared by server and browser. Languages are discovered from `app/locales/<lng>/`, not listed here. */
export const fallbackLanguage = "en";
export const defaultNamespace = "common";
export const languageCookieName = "tf_lang";

/** A catalogue file path `…/locales/<lng>/<ns>.json` → its language and namespace. */
export function parseCataloguePath(file: string): { lng: string; ns: string } | null {
  const m = /locales\/([A-Za-z-]+)\/([a-z0-9-]+)\.json$/.exec(file);
  return m ? { lng: m[1]!, ns: m[2]! } : null;
}
