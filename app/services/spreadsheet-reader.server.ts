/**
 * Reads an uploaded spreadsheet (CSV or the first sheet of an XLSX) into text cells, within hard
 * bounds: the work one upload may cause is limited before any of it is done. It does no I/O of its
 * own and runs in a worker thread (server/spreadsheet-workers.ts), so a hostile file never holds
 * the event loop that answers everyone else. Decision 045.
 */
import { Readable } from "node:stream";
import { analyse } from "chardet";
import ExcelJS from "exceljs";
import { Unzip, UnzipInflate, unzipSync, zipSync } from "fflate";
import Papa from "papaparse";
import { looksLikeFormula, type CsvEncoding } from "~/domain/spreadsheet-cells";

/** Limits of one upload (the server also caps the request body of /import at 10 MiB). */
export const IMPORT_LIMITS = {
  bytes: 10 * 1024 * 1024,
  rows: 5000,
  columns: 80,
  cellChars: 5000,
  keepMinutes: 60,
  /** All the text one upload may bring: about what the largest CSV body holds. */
  textChars: 12_000_000,
  /** Parts of an XLSX archive (a workbook has a dozen; thousands are a decompression attack). */
  zipEntries: 1000,
  /** Inflated size of one XLSX part we read (the sheet of 5,000 × 80 cells is under 20 MiB). */
  inflatedPart: 32 * 1024 * 1024,
  /** Inflated size of all the parts we read together. */
  inflatedTotal: 64 * 1024 * 1024,
  /** Row elements scanned in a sheet, empty ones included, before giving up. */
  scannedRows: 100_000,
} as const;

/** A cell as read from the file: text, or a formula we refuse to evaluate. */
export type Cell = string | { formula: string };
export interface SheetContent {
  headers: string[];
  rows: Cell[][];
  /** How a CSV file's text was decoded (XLSX is always Unicode): shown in the preview. */
  encoding?: { name: string; detected: boolean };
}


/** Why a file is refused: a message key of the `actions` catalogue and the HTTP status to answer. */
export class SpreadsheetRefusal extends Error {
  constructor(
    readonly messageKey: string,
    readonly status = 400,
  ) {
    super(messageKey);
  }
}

export type ReadResult = { ok: true; content: SheetContent } | { ok: false; messageKey: string; status: number };

// ---------------------------------------------------------------------------------------------
// Cells

/** Counts the text kept so far, so that one shared string repeated in 400,000 cells cannot fill the memory. */
class TextBudget {
  private used = 0;
  take(text: string): string {
    this.used += text.length;
    if (this.used > IMPORT_LIMITS.textChars) throw new SpreadsheetRefusal("actions:errors.tooMuchText", 413);
    return text;
  }
}

function cleanText(v: string): string {
  return v.replace(/\r\n?/g, "\n").trim().slice(0, IMPORT_LIMITS.cellChars);
}

/** A text cell: a formula-looking value is kept as a formula so the preview can name it. */
export function textCell(raw: string): Cell {
  const v = cleanText(raw);
  // Our own exports protect formula-like text with a leading quote; take it back off.
  if (/^'[=+\-@]/.test(v)) return v.slice(1);
  return looksLikeFormula(v) ? { formula: v } : v;
}

function excelCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return textCell(value);
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) {
      const f = (value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? "";
      return { formula: `=${f}` };
    }
    if ("richText" in value) return textCell(value.richText.map((r) => r.text).join(""));
    if ("text" in value && typeof value.text === "string") return textCell(value.text);
    if ("error" in value) return "";
  }
  return textCell(String(value));
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Bytes that begin a file in a Unicode encoding (a byte-order mark) decide it. */
const BOMS: Array<[number[], CsvEncoding]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];
/** Below this, chardet's best guess is no better than a coin (UTF-16 without a mark scores about 10). */
const MIN_CONFIDENCE = 30;

/**
 * UTF-16 without a byte-order mark, which chardet does not recognise: text that is mostly Latin
 * letters, digits and punctuation has a zero in every other byte (the high byte), on the odd
 * positions for little-endian and the even ones for big-endian.
 */
function utf16Order(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const pairs = Math.min(bytes.length >> 1, 32 * 1024);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.02) return "utf-16le";
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.02) return "utf-16be";
  return null;
}

function decodeAs(bytes: Uint8Array, encoding: string): string | null {
  try {
    // fatal: bytes that are not text in this encoding are an error, never U+FFFD in a title.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The text of a CSV file: a byte-order mark decides; otherwise the encoding the person chose;
 * otherwise UTF-8 when the bytes are valid UTF-8 (other encodings almost never are), and else the
 * encoding chardet finds, when it is fairly sure. What none of these decodes is refused rather
 * than read with replacement characters (issue 20, item 5). Decision 046.
 */
export function decodeCsv(bytes: Uint8Array, chosen: CsvEncoding | "auto"): { text: string; encoding: NonNullable<SheetContent["encoding"]> } {
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom) {
    const text = decodeAs(bytes, bom[1]);
    if (text === null) throw new SpreadsheetRefusal("actions:errors.encodingInvalid");
    return { text, encoding: { name: bom[1].toUpperCase(), detected: true } };
  }
  if (chosen !== "auto") {
    const text = decodeAs(bytes, chosen);
    if (text === null || text.includes("\0")) throw new SpreadsheetRefusal("actions:errors.encodingInvalid");
    return { text, encoding: { name: chosen.toUpperCase(), detected: false } };
  }
  const utf8 = decodeAs(bytes, "utf-8");
  // NUL is valid UTF-8 but never in a spreadsheet's text: such bytes are UTF-16 without a mark, or not text.
  if (utf8 !== null && !utf8.includes("\0")) return { text: utf8, encoding: { name: "UTF-8", detected: true } };
  const utf16 = utf16Order(bytes);
  if (utf16) {
    const text = decodeAs(bytes, utf16);
    if (text !== null && !text.includes("\0")) return { text, encoding: { name: utf16.toUpperCase(), detected: true } };
  }
  // A sample is enough to recognise an encoding; the whole file is then decoded strictly.
  const [best] = analyse(bytes.subarray(0, 256 * 1024));
  const text = best && best.confidence >= MIN_CONFIDENCE && !/^UTF/i.test(best.name) ? decodeAs(bytes, best.name) : null;
  if (text !== null && !text.includes("\0")) return { text, encoding: { name: best!.name, detected: true } };
  // Valid UTF-8 with a stray NUL is still UTF-8: the row holding it is refused in the preview
  // with the field's error (decision 081), and the rest of the file imports.
  if (utf8 !== null) return { text: utf8, encoding: { name: "UTF-8", detected: true } };
  throw new SpreadsheetRefusal("actions:errors.encodingUnknown");
}

function readCsv(text: string, budget: TextBudget): Cell[][] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy", preview: IMPORT_LIMITS.rows + 2 });
  return parsed.data.map((r) =>
    r.slice(0, IMPORT_LIMITS.columns).map((raw) => {
      const cell = textCell(raw);
      budget.take(typeof cell === "string" ? cell : cell.formula);
      return cell;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** The parts ExcelJS's streaming reader uses, in the order it needs them (strings and styles before sheets). */
const PART_ORDER = [/^xl\/_rels\/workbook\.xml\.rels$/, /^xl\/workbook\.xml$/, /^xl\/sharedStrings\.xml$/, /^xl\/styles\.xml$/, /^xl\/worksheets\/sheet\d+\.xml$/];
const partRank = (name: string) => PART_ORDER.findIndex((p) => p.test(name));

/**
 * The parts we read, inflated with each one's size bounded: first by what the ZIP's central
 * directory declares (checked before anything is inflated), then by counting the bytes that
 * really come out, because the directory of a hostile file can lie.
 */
function inflateParts(bytes: Uint8Array): Map<string, Uint8Array> {
  const declared = new Map<string, number>();
  let entries = 0;
  try {
    // A filter that takes nothing: reads the central directory only.
    unzipSync(bytes, {
      filter: (file) => {
        entries++;
        if (partRank(file.name) >= 0) declared.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch {
    throw new SpreadsheetRefusal("actions:errors.fileUnreadable");
  }
  if (entries > IMPORT_LIMITS.zipEntries) throw new SpreadsheetRefusal("actions:errors.fileUnreadable");
  let total = 0;
  for (const size of declared.values()) {
    if (size > IMPORT_LIMITS.inflatedPart) throw new SpreadsheetRefusal("actions:errors.inflatedTooLarge", 413);
    total += size;
  }
  if (total > IMPORT_LIMITS.inflatedTotal) throw new SpreadsheetRefusal("actions:errors.inflatedTooLarge", 413);

  const parts = new Map<string, Uint8Array>();
  let failure: SpreadsheetRefusal | null = null;
  const unzip = new Unzip((file) => {
    const limit = declared.get(file.name);
    // Parts the directory does not list, or that we do not read, are skipped without inflating.
    if (limit === undefined || parts.has(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new SpreadsheetRefusal("actions:errors.fileUnreadable");
        return;
      }
      size += chunk.length;
      if (size > limit) {
        failure = new SpreadsheetRefusal("actions:errors.inflatedTooLarge", 413);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) parts.set(file.name, Buffer.concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  // Small steps: deflate expands at most ~1,032 times, so one step inflates at most ~4 MiB before the count is checked.
  const step = 4 * 1024;
  try {
    for (let at = 0; at < bytes.length && !failure; at += step) unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  } catch {
    throw new SpreadsheetRefusal("actions:errors.fileUnreadable");
  }
  if (failure) throw failure;
  return parts;
}

async function readXlsx(bytes: Uint8Array, budget: TextBudget): Promise<Cell[][]> {
  const parts = inflateParts(bytes);
  if (![...parts.keys()].some((name) => partRank(name) === PART_ORDER.length - 1)) throw new SpreadsheetRefusal("actions:errors.noRows");
  // Stored (not deflated) again, in the order the streaming reader needs: every byte it reads has been counted.
  const ordered = [...parts.entries()].sort(([a], [b]) => partRank(a) - partRank(b) || a.localeCompare(b, "en", { numeric: true }));
  const archive = zipSync(Object.fromEntries(ordered), { level: 0 });

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength)]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const table: Cell[][] = [];
  try {
    for await (const sheet of reader) {
      // The first sheet in the workbook's own order (sheet1.xml need not be it).
      const first = (reader as unknown as { model?: { sheets?: Array<{ name: string }> } }).model?.sheets?.[0]?.name;
      if (first !== undefined && (sheet as unknown as { name?: string }).name !== first) continue;
      let scanned = 0;
      for await (const row of sheet) {
        if (++scanned > IMPORT_LIMITS.scannedRows) throw new SpreadsheetRefusal("actions:errors.tooManyRows");
        const cells: Cell[] = [];
        const width = Math.min(row.cellCount, IMPORT_LIMITS.columns);
        for (let c = 1; c <= width; c++) cells.push(excelCell(row.getCell(c).value));
        if (!cells.some((x) => x !== "")) continue;
        for (const cell of cells) budget.take(typeof cell === "string" ? cell : cell.formula);
        table.push(cells);
        // The header and one row more than allowed are enough to know the file is too long.
        if (table.length > IMPORT_LIMITS.rows + 1) throw new SpreadsheetRefusal("actions:errors.tooManyRows");
      }
      return table;
    }
  } catch (error) {
    if (error instanceof SpreadsheetRefusal) throw error;
    throw new SpreadsheetRefusal("actions:errors.fileUnreadable");
  }
  throw new SpreadsheetRefusal("actions:errors.noRows");
}

// ---------------------------------------------------------------------------------------------

/** Reads a CSV or XLSX upload into header + rows, or says why not. Never throws. */
export async function readSpreadsheetBytes(bytes: Uint8Array, fileName: string, fileType: string, encoding: CsvEncoding | "auto" = "auto"): Promise<ReadResult> {
  try {
    if (bytes.length === 0) throw new SpreadsheetRefusal("actions:errors.file");
    if (bytes.length > IMPORT_LIMITS.bytes) throw new SpreadsheetRefusal("actions:errors.fileTooLarge", 413);
    const name = fileName.toLowerCase();
    const budget = new TextBudget();
    let table: Cell[][];
    let decoded: SheetContent["encoding"];
    if (name.endsWith(".csv") || fileType === "text/csv") {
      const csv = decodeCsv(bytes, encoding);
      decoded = csv.encoding;
      table = readCsv(csv.text, budget);
    } else if (name.endsWith(".xlsx")) {
      table = await readXlsx(bytes, budget);
    } else {
      throw new SpreadsheetRefusal("actions:errors.fileType");
    }
    const [header, ...rows] = table;
    if (!header || rows.length === 0) throw new SpreadsheetRefusal("actions:errors.noRows");
    if (rows.length > IMPORT_LIMITS.rows) throw new SpreadsheetRefusal("actions:errors.tooManyRows");
    return { ok: true, content: { headers: header.map((h) => (typeof h === "string" ? h : h.formula)), rows, ...(decoded ? { encoding: decoded } : {}) } };
  } catch (error) {
    if (error instanceof SpreadsheetRefusal) return { ok: false, messageKey: error.messageKey, status: error.status };
    throw error;
  }
}
