/**
 * Characters kept as they are inside a CSS string: letters, marks, digits, spaces and
 * punctuation/symbols, except the ones that end the string or the style element ( " ' \ < > & ).
 * Everything else (every control character, line and paragraph separators, unpaired surrogates,
 * unassigned code points) becomes a hex escape. An allow-list, because the characters that end a
 * CSS string are more than quotes and newlines (form feed does too; issue 20).
 */
const KEPT = /^[\p{L}\p{M}\p{N}\p{Zs}\p{P}\p{S}]$/u;
const ENDS_SOMETHING = /^["'\\<>&]$/;

/** A CSS string literal (double-quoted) that reads back as exactly `value`. */
export function cssString(value: string): string {
  let out = '"';
  for (const ch of value) {
    // "\HEX " (with its terminating space) is one code point; CSS reads \0 as U+FFFD.
    out += KEPT.test(ch) && !ENDS_SOMETHING.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  }
  return `${out}"`;
}
