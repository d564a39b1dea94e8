import { describe, expect, it } from "vitest";
import { demoMembers } from "../../scripts/demo/content";
import { failOnConsoleErrors } from "../helpers/browser";
import { ADMIN_EMAIL, both, LAPTOP, laptop, signedIn, sweep, registerSweep } from "../helpers/a11y";

// The axe-core sweep, part 1: signed-out pages, and the pages that differ for a member, an
// observer and the site administrator. Part 2 (every plan page as a coordinator) is in
// accessibility-coordinator.test.ts. Helpers: tests/helpers/a11y.ts.

const sweepSetup = registerSweep();

describe("accessibility sweep (axe-core, WCAG 2.2 AA) over every page type of the demo plan", () => {
  it("signed-out pages: login, setup on a fresh server, invitation, 404", async () => {
    const setup = sweepSetup();
    const context = await setup.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    const errors = failOnConsoleErrors(page);
    const problems = [
      ...(await sweep(page, "login", `${setup.server.origin}/login`, { shots: both })),
      ...(await sweep(page, "setup", `${setup.fresh.origin}/setup`, { shots: both })),
      ...(await sweep(page, "invitation", `${setup.server.origin}/invite/${setup.ids.invitation}`, { shots: [laptop] })),
    ];
    const notFound = await page.goto(`${setup.server.origin}/no-such-page`);
    expect(notFound?.status()).toBe(404);
    problems.push(...(await sweep(page, "404", `${setup.server.origin}/no-such-page`, { shots: [laptop] })));
    expect(problems).toEqual([]);
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it("pages that differ for a member and an observer, and the site administrator's pages", async () => {
    const setup = sweepSetup();
    const problems: string[] = [];
    const p = `${setup.server.origin}/plans/${setup.ids.plan}`;
    for (const role of ["member", "observer"] as const) {
      const who = demoMembers.find((m) => m.role === role)!;
      const { context, page, errors } = await signedIn(setup, who.email);
      problems.push(...(await sweep(page, `${role}-overview`, p, { shots: role === "member" ? [laptop] : [] })));
      problems.push(...(await sweep(page, `${role}-capability`, `${p}/capabilities/${setup.ids.capability}`, { ready: (pg) => pg.locator(".ProseMirror").first().waitFor() })));
      problems.push(...(await sweep(page, `${role}-actions`, `${p}/actions`)));
      problems.push(...(await sweep(page, `${role}-action`, `${p}/actions/${setup.ids.action}`)));
      problems.push(...(await sweep(page, `${role}-meeting`, `${p}/meetings/${setup.ids.upcoming}`)));
      problems.push(...(await sweep(page, `${role}-members`, `${p}/members`)));
      expect(errors).toEqual([]);
      await context.close();
    }
    const admin = await signedIn(setup, ADMIN_EMAIL);
    problems.push(...(await sweep(admin.page, "admin", `${setup.server.origin}/admin`, { shots: [laptop] })));
    expect(admin.errors).toEqual([]);
    await admin.context.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
