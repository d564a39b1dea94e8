import fs from "node:fs";
import path from "node:path";

/**
 * The command line speaks English from the same catalogues as the web app, so a refusal reads
 * the same in both ("ns:key.path" → the English message, or the key when none is found).
 */
const localeDir = path.resolve(import.meta.dirname, "../../app/locales/en");
const cache = new Map<string, unknown>();

function catalogue(ns: string): unknown {
  if (!cache.has(ns)) {
    const file = path.join(localeDir, `${ns}.json`);
    cache.set(ns, /^[a-z0-9-]+$/.test(ns) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
  }
  return cache.get(ns);
}

export function cliMessage(key: string): string {
  const [ns, rest] = key.includes(":") ? (key.split(":", 2) as [string, string]) : ["common", key];
  let node: unknown = catalogue(ns);
  for (const part of rest.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  // Messages are sentences for a form; a command-line error reads better without the final full stop.
  return typeof node === "string" ? node.replace(/\.$/, "") : key;
}
