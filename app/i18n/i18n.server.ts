import fs from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import type { Resource } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, languageCookieName, parseCataloguePath } from "./config";

/**
 * The catalogue files. Under Vite (the app, its build, vitest) they are bundled by glob; under
 * plain tsx (command line, demo loader) `import.meta.glob` does not exist and they are read from disk.
 */
const files: Record<string, Record<string, unknown>> =
  // Vite defines import.meta.env (dev, build, vitest) and rewrites the glob call; tsx defines neither.
  import.meta.env ? import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { eager: true, import: "default" }) : readCataloguesFromDisk();

function readCataloguesFromDisk(): Record<string, Record<string, unknown>> {
  const dir = path.join(import.meta.dirname, "../locales");
  const out: Record<string, Record<string, unknown>> = {};
  for (const lng of fs.readdirSync(dir)) {
    for (const file of fs.readdirSync(path.join(dir, lng)).filter((f) => f.endsWith(".json"))) {
      out[`../locales/${lng}/${file}`] = JSON.parse(fs.readFileSync(path.join(dir, lng, file), "utf8")) as Record<string, unknown>;
    }
  }
  return out;
}

/** Every catalogue, by language and namespace; adding a folder under app/locales adds a language. */
export const resources: Resource = {};
for (const [file, messages] of Object.entries(files)) {
  const parsed = parseCataloguePath(file);
  if (!parsed) continue;
  (resources[parsed.lng] ??= {})[parsed.ns] = messages;
}
export const supportedLanguages = Object.keys(resources).sort((a, b) => (a === fallbackLanguage ? -1 : b === fallbackLanguage ? 1 : a.localeCompare(b)));
export const namespaces = Object.keys(resources[fallbackLanguage] ?? {});

export const languageCookie = createCookie(languageCookieName, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export const i18nServer = new RemixI18Next({
  detection: { supportedLanguages, fallbackLanguage, cookie: languageCookie, order: ["cookie", "header"] },
  i18next: { resources, fallbackLng: fallbackLanguage, supportedLngs: supportedLanguages },
});
