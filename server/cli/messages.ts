import { resources } from "~/i18n/i18n.server";
import { fallbackLanguage } from "~/i18n/config";

/**
 * The command line speaks English from the same catalogues as the web app, so a refusal reads
 * the same in both ("ns:key.path" → the English message, or the key when none is found).
 */
export function cliMessage(key: string): string {
  const [ns, rest] = key.includes(":") ? (key.split(":", 2) as [string, string]) : ["common", key];
  let node: unknown = resources[fallbackLanguage]?.[ns];
  for (const part of rest.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  // Messages are sentences for a form; a command-line error reads better without the final full stop.
  return typeof node === "string" ? node.replace(/\.$/, "") : key;
}
