/**
 * Pure rules for cells that cross the spreadsheet boundary, both ways: reading imported values
 * (dates in the formats people type, formulas we refuse) and writing exports that a spreadsheet
 * program cannot mistake for formulas (CSV/formula injection).
 */

/** Characters that make Excel, LibreOffice or Sheets treat a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A value safe to put in an exported cell: formula-like text gets a leading single quote. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Does an imported text cell look like a formula? "=…" and "@…" always do; "+…" / "-…" do unless
 * they are a plain number ("-3", "+2.5") or a dash used as a bullet ("- text").
 */
export function looksLikeFormula(value: string): boolean {
  const v = value.replace(/^[\t\r\n]+/, "");
  if (/^[=@]/.test(v)) return true;
  if (/^[+-]/.test(v)) return !/^[+-]\s*(\d+([.,]\d+)?%?)?$/.test(v) && !/^[+-]\s/.test(v);
  return false;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

function day(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return parsed.toISOString().slice(0, 10) === iso ? iso : null;
}

/** How to read a numeric date such as 03/04/2027: day first (3 April) or month first (March 4). */
export type DateOrder = "dmy" | "mdy";
export const DATE_ORDERS: readonly DateOrder[] = ["dmy", "mdy"];

const NUMERIC_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

/**
 * A calendar day from the formats task forces use in their spreadsheets: 2027-03-01,
 * 01/03/2027 and 1.3.2027 (day first unless `order` says month first), "1 March 2027",
 * "March 1, 2027", "Mar 2027" (the first of the month). Returns null when the text is not one of them.
 */
export function parseDay(text: string, order: DateOrder = "dmy"): string | null {
  const v = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  if (m) return day(+m[1]!, +m[2]!, +m[3]!);
  m = NUMERIC_DATE.exec(v);
  if (m) return order === "dmy" ? day(+m[3]!, +m[2]!, +m[1]!) : day(+m[3]!, +m[1]!, +m[2]!);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(v);
  if (m && MONTHS[m[2]!.toLowerCase()]) return day(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!);
  m = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(v);
  if (m && MONTHS[m[1]!.toLowerCase()]) return day(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!);
  m = /^([A-Za-z]+)\.?\s+(\d{4})$/.exec(v);
  if (m && MONTHS[m[1]!.toLowerCase()]) return day(+m[2]!, MONTHS[m[1]!.toLowerCase()]!, 1);
  return null;
}

/**
 * What a file's numeric dates say about their order: "dmy" or "mdy" when some date can only be
 * read one way (25/03/2027, 03/25/2027) and none the other; "ambiguous" when dates such as
 * 03/04/2027 could be either and nothing in the file tells; null when no date needs the choice.
 */
export function inferDateOrder(texts: Iterable<string>): DateOrder | "ambiguous" | null {
  let dayFirst = false;
  let monthFirst = false;
  let either = false;
  for (const text of texts) {
    const m = NUMERIC_DATE.exec(text.trim());
    if (!m) continue;
    const a = +m[1]!;
    const b = +m[2]!;
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) monthFirst = true;
    else if (a !== b) either = true;
  }
  if (dayFirst !== monthFirst) return dayFirst ? "dmy" : "mdy";
  return either || (dayFirst && monthFirst) ? "ambiguous" : null;
}

/** A number as people type it in a sheet: "1 200", "1,200.50", "45%". Null when empty; NaN when not a number. */
export function parseNumber(text: string): number | null {
  const v = text.trim().replace(/%$/, "").replace(/[\s\u00a0]/g, "");
  if (v === "") return null;
  const normalised = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) ? v.replace(/,/g, "") : v.replace(/,(?=\d+$)/, ".");
  return /^[+-]?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/** Yes/no cells: "yes", "y", "true", "1", "x" and "ongoing" are true. */
export function parseYes(text: string): boolean {
  return /^(yes|y|true|1|x|✓|ongoing)$/i.test(text.trim());
}

/** Splits a list cell ("2; 12, Hotline | 16") on semicolons, commas and bars. */
export function splitList(text: string): string[] {
  return text
    .split(/[;,|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Loose comparison for names typed by hand: case, accents, punctuation and spacing ignored. */
export function looseKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * Text encodings a person may choose for a CSV file when detection guesses wrong: Unicode and the
 * legacy encodings spreadsheet programs still save in (Western and Central European, Cyrillic,
 * Japanese, Chinese, Korean). Names are WHATWG labels, which TextDecoder reads.
 */
export const CSV_ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-15", "windows-1250", "windows-1251", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
