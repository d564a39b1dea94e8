import { RemixBrowser } from "@remix-run/react";
import i18next, { type Resource } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultNamespace, fallbackLanguage, parseCataloguePath } from "./i18n/config";

// Only the page's language (and the fallback) is downloaded, one chunk per catalogue file.
const catalogues = import.meta.glob<Record<string, unknown>>("./locales/*/*.json", { import: "default" });

async function loadResources(languages: string[]): Promise<Resource> {
  const resources: Resource = {};
  await Promise.all(
    Object.entries(catalogues).map(async ([file, load]) => {
      const parsed = parseCataloguePath(file);
      if (!parsed || !languages.includes(parsed.lng)) return;
      (resources[parsed.lng] ??= {})[parsed.ns] = await load();
    }),
  );
  return resources;
}

// The router aborts work that a newer navigation or revalidation supersedes, and some of that
// work (a revalidation's loads) runs in promises nobody awaits: their AbortError is the router
// doing its job, not a page failure, so it is not reported. Every other rejection still is.
window.addEventListener("unhandledrejection", (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof Error && reason.name === "AbortError") event.preventDefault();
});

async function hydrate() {
  const lng = document.documentElement.lang || fallbackLanguage;
  const resources = await loadResources([...new Set([lng, fallbackLanguage])]);
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: fallbackLanguage,
    resources,
    ns: Object.keys(resources[fallbackLanguage] ?? {}),
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false },
  });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
