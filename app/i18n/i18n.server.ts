import { createCookie } from "@remix-run/node";
import type { Resource } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, languageCookieName, parseCataloguePath } from "./config";

const files = import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { eager: true, import: "default" });

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
