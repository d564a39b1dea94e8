import { describe, expect, it } from "vitest";
import { auditFilter, csvCell, csvLine, readAuditQuery } from "~/services/audit.server";

describe("audit CSV cells", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+31 20 123", "'+31 20 123"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTab", "'\tTab"],
    ["\rCR", "\"'\rCR\""],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    [null, ""],
    [42, "42"],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("ends lines with CRLF", () => {
    expect(csvLine(["a", "=b"])).toBe("a,'=b\r\n");
  });
});

describe("audit filters from the URL", () => {
  it("reads member, entity, inclusive date range and page; drops bad values", () => {
    const q = readAuditQuery(new URL("http://x/?member=u1&entity=plan&from=2026-01-01&to=2026-01-31&page=3"));
    expect(q).toEqual({ member: "u1", entity: "plan", from: "2026-01-01", to: "2026-01-31", page: 3 });
    expect(auditFilter("p", q)).toEqual({ planId: "p", actorId: "u1", entity: "plan", from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z" });
    const bad = readAuditQuery(new URL("http://x/?from=yesterday&to=2026-13-45&page=-1&member="));
    expect(bad).toEqual({ page: 1 });
  });
});
