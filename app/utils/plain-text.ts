/**
 * Control characters that have no place in text anyone types: C0 except tab, line feed and
 * carriage return; DEL; C1 (0x80–0x9F, what a mis-decoded Windows-1252 file leaves). PostgreSQL
 * cannot store NUL in text at all, and XML (DOCX exports) allows none of them. Shared by the
 * server's edges (forms, URLs, imports, live documents) and the editor's paste handling.
 */
const CONTROL = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
const ANY_CONTROL = new RegExp(`[${CONTROL}]`);
const EVERY_CONTROL = new RegExp(`[${CONTROL}]`, "g");

export function hasControlCharacter(value: string): boolean {
  return ANY_CONTROL.test(value);
}

/** For text that arrives whole and must be kept (a paste, a stored document exported). */
export function withoutControlCharacters(value: string, replacement = ""): string {
  return value.replace(EVERY_CONTROL, replacement);
}
