import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VERBS } from "~/domain/policy";
import { renderPermissionsDoc } from "../../scripts/permissions-doc";

describe("docs/permissions.md", () => {
  it("is up to date with the policy table (run `npm run docs:permissions` when this fails)", () => {
    const checkedIn = fs.readFileSync(path.resolve("docs/permissions.md"), "utf8");
    expect(checkedIn).toBe(renderPermissionsDoc());
  });

  it("has a row for every verb", () => {
    const doc = renderPermissionsDoc();
    for (const verb of VERBS) expect(doc).toContain(`| \`${verb}\``);
  });
});
