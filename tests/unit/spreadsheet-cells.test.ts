import { describe, expect, it } from "vitest";
import { inferDateOrder, looksLikeFormula, looseKey, neutraliseCell, parseDay, parseNumber, parseYes, splitList } from "~/domain/spreadsheet-cells";

describe("neutraliseCell (exports)", () => {
  it("prefixes a quote to text a spreadsheet would run", () => {
    for (const v of ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "\r=x"]) expect(neutraliseCell(v)).toBe(`'${v}`);
  });
  it("leaves ordinary text alone", () => {
    for (const v of ["Train prosecutors", "2.3", "", "a=b", "'quoted"]) expect(neutraliseCell(v)).toBe(v);
  });
});

describe("looksLikeFormula (imports)", () => {
  it("flags formulas and commands", () => {
    for (const v of ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|x", "-cmd|x", "=HYPERLINK(\"http://x\")", "\t=1"]) expect(looksLikeFormula(v), v).toBe(true);
  });
  it("accepts signed numbers and dash bullets", () => {
    for (const v of ["-3", "+2.5", "-10%", "- improve the referral pathway", "Training", "3-4 sessions"]) expect(looksLikeFormula(v), v).toBe(false);
  });
});

describe("parseDay", () => {
  it("reads the formats task forces type", () => {
    expect(parseDay("2027-03-31")).toBe("2027-03-31");
    expect(parseDay("31/03/2027")).toBe("2027-03-31");
    expect(parseDay("1.3.2027")).toBe("2027-03-01");
    expect(parseDay("1 March 2027")).toBe("2027-03-01");
    expect(parseDay("1st Mar 2027")).toBe("2027-03-01");
    expect(parseDay("March 1, 2027")).toBe("2027-03-01");
    expect(parseDay("Sep 2027")).toBe("2027-09-01");
    expect(parseDay("2027-03-31T00:00:00.000Z")).toBe("2027-03-31");
  });
  it("refuses days that do not exist and other text", () => {
    for (const v of ["31/02/2027", "2027-02-29", "next spring", "2027", "13/13/2027", "32 March 2027", ""]) expect(parseDay(v), v).toBeNull();
    expect(parseDay("2028-02-29")).toBe("2028-02-29");
  });
});

describe("numbers, yes/no, lists, names", () => {
  it("parses numbers as typed", () => {
    expect(parseNumber("1 200")).toBe(1200);
    expect(parseNumber("1,200.50")).toBe(1200.5);
    expect(parseNumber("45%")).toBe(45);
    expect(parseNumber("2,5")).toBe(2.5);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("lots")).toBeNaN();
  });
  it("reads yes/no and lists", () => {
    expect(["yes", "Y", "true", "1", "x", "ongoing"].every(parseYes)).toBe(true);
    expect(["no", "", "0", "maybe"].some(parseYes)).toBe(false);
    expect(splitList("2; 12, Hotline | 16")).toEqual(["2", "12", "Hotline", "16"]);
  });
  it("compares names loosely", () => {
    expect(looseKey("  SafeNet  Hotline ")).toBe(looseKey("safenet-hotline"));
    expect(looseKey("Ministère de la Justice")).toBe("ministere de la justice");
  });
});

describe("numeric dates that could be read two ways", () => {
  it("reads 03/04/2027 day first unless told month first", () => {
    expect(parseDay("03/04/2027")).toBe("2027-04-03");
    expect(parseDay("03/04/2027", "dmy")).toBe("2027-04-03");
    expect(parseDay("03/04/2027", "mdy")).toBe("2027-03-04");
    expect(parseDay("25/04/2027", "mdy")).toBeNull();
    expect(parseDay("2027-04-03", "mdy")).toBe("2027-04-03");
  });

  it("lets the file decide when one of its dates can only be read one way, and asks otherwise", () => {
    expect(inferDateOrder(["2027-04-03", "3 April 2027", ""])).toBeNull();
    expect(inferDateOrder(["04/04/2027"])).toBeNull();
    expect(inferDateOrder(["03/04/2027"])).toBe("ambiguous");
    expect(inferDateOrder(["03/04/2027", "25/04/2027"])).toBe("dmy");
    expect(inferDateOrder(["03/04/2027", "04/25/2027"])).toBe("mdy");
    expect(inferDateOrder(["25/04/2027", "04/25/2027"])).toBe("ambiguous");
  });
});
