import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";

/**
 * Hostile XLSX files of the kind a security sweep uploads (issue 20): small on the wire, huge
 * once inflated. Built here, in the test or benchmark that uploads them, so no binary fixture
 * hides what they hold. Each is a minimal valid workbook (content types, relationships, one
 * sheet) whose sheet is written in chunks, so making one never holds the inflated text.
 */
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

const FIXED: Record<string, string> = {
  "[Content_Types].xml":
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

const HEADER_ROW = `<row r="1"><c r="A1" t="inlineStr"><is><t>Action</t></is></c><c r="B1" t="inlineStr"><is><t>Capability</t></is></c><c r="C1" t="inlineStr"><is><t>Lead organisation</t></is></c><c r="D1" t="inlineStr"><is><t>Due</t></is></c></row>`;

/** Zips the fixed parts and a sheet produced chunk by chunk; deflated at the highest level. */
function buildXlsx(sheetChunks: () => Iterable<string>, options: { level?: 0 | 9 } = {}): Uint8Array<ArrayBuffer> {
  const out: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    out.push(chunk);
  });
  for (const [name, text] of Object.entries(FIXED)) {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: options.level ?? 9 });
  zip.add(sheet);
  let pending = "";
  for (const chunk of sheetChunks()) {
    pending += chunk;
    if (pending.length > 1 << 20) {
      sheet.push(strToU8(pending));
      pending = "";
    }
  }
  sheet.push(strToU8(pending), true);
  zip.end();
  const total = out.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/**
 * A sheet of `rows` tiny rows (one number each) under a header: the "2,000,000 rows" file.
 * Without cell references every row is the same bytes and the sheet deflates to almost nothing;
 * with them (as Excel writes) it stays a few megabytes for a few hundred thousand rows.
 */
export function manyRowsXlsx(rows: number, options: { references?: boolean } = {}): Uint8Array<ArrayBuffer> {
  return buildXlsx(function* () {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>${HEADER_ROW}`;
    if (options.references) for (let r = 2; r <= rows + 1; r++) yield `<row r="${r}"><c r="A${r}"><v>1</v></c></row>`;
    else for (let r = 0; r < rows; r++) yield "<row><c><v>1</v></c></row>";
    yield "</sheetData></worksheet>";
  });
}

/** One valid row followed by `megabytes` of whitespace inside the sheet: the "400 MB of whitespace" file. */
export function whitespaceXlsx(megabytes: number): Uint8Array<ArrayBuffer> {
  return buildXlsx(function* () {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>${HEADER_ROW}`;
    yield `<row r="2"><c r="A2" t="inlineStr"><is><t>Train staff</t></is></c><c r="B2"><v>4</v></c><c r="C2" t="inlineStr"><is><t>National Police CSEA Unit</t></is></c><c r="D2" t="inlineStr"><is><t>2027-01-01</t></is></c></row>`;
    const megabyte = " ".repeat(1 << 20);
    for (let i = 0; i < megabytes; i++) yield megabyte;
    yield "</sheetData></worksheet>";
  });
}

/**
 * A copy of an XLSX file whose sheet's sizes are understated (the central directory and the
 * local header say it inflates to 1 KiB): a reader that trusts the directory alone is fooled.
 */
export function understateSheetSize(original: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const bytes = original.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = strToU8("xl/worksheets/sheet1.xml");
  const matches = (at: number) => name.every((b, i) => bytes[at + i] === b);
  for (let at = 0; at + 46 < bytes.length; at++) {
    const signature = view.getUint32(at, true);
    // Local file header: uncompressed size at +22, name at +30. Central directory: +24, name at +46.
    if (signature === 0x04034b50 && matches(at + 30)) view.setUint32(at + 22, 1024, true);
    if (signature === 0x02014b50 && matches(at + 46)) view.setUint32(at + 24, 1024, true);
  }
  return bytes;
}
