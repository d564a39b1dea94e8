import { describe, expect, it } from "vitest";
import { guessMapping } from "~/services/action-import.server";

describe("guessMapping", () => {
  it("matches the headers task forces use, each column once", () => {
    const m = guessMapping(["No.", "Activity", "MNR", "Lead agency", "Partner agencies", "Deadline", "% complete", "Target group", "Target", "Cost", "", "Means of verification"]);
    expect(m).toEqual({ ref: 0, title: 1, capabilities: 2, organisation: 3, partners: 4, dueDate: 5, progress: 6, scope: 7, target: 8, budgetAmount: 9, dataSource: 11 });
  });
});
