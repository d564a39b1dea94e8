import * as Y from "yjs";
import { hasControlCharacter } from "~/utils/plain-text";

/**
 * Whether a Yjs update (v1) would put a control character into the document: in inserted text,
 * formatting, attribute names and values, element names, map keys or root names. Such an update
 * is refused whole before it is applied (decision 081): text from live documents ends up in
 * exports (DOCX is XML, which allows none of them) and must stay storable anywhere as text.
 * Throws on a malformed update, as applying it would.
 */
export function insertsControlCharacter(update: Uint8Array): boolean {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === "string" && hasControlCharacter(struct.parent)) return true;
    if (struct.parentSub !== null && hasControlCharacter(struct.parentSub)) return true;
    if (contentHasControlCharacter(struct.content)) return true;
  }
  return false;
}

function contentHasControlCharacter(content: Y.Item["content"]): boolean {
  if (content instanceof Y.ContentString) return hasControlCharacter(content.str);
  if (content instanceof Y.ContentFormat) return hasControlCharacter(content.key) || valueHasControlCharacter(content.value);
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return content.arr.some(valueHasControlCharacter);
  if (content instanceof Y.ContentEmbed) return valueHasControlCharacter(content.embed);
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlElement) return hasControlCharacter(type.nodeName);
    if (type instanceof Y.XmlHook) return hasControlCharacter(type.hookName);
  }
  if (content instanceof Y.ContentDoc) return hasControlCharacter(content.doc.guid) || valueHasControlCharacter(content.opts);
  return false;
}

function valueHasControlCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return hasControlCharacter(value);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return false;
  // Rich text nests a few levels; anything this deep is refused rather than walked.
  if (depth > 32) return true;
  if (Array.isArray(value)) return value.some((v) => valueHasControlCharacter(v, depth + 1));
  return Object.entries(value).some(([k, v]) => hasControlCharacter(k) || valueHasControlCharacter(v, depth + 1));
}
