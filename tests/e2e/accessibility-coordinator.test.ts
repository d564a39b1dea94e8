import { describe, expect, it } from "vitest";
import { demoMembers } from "../../scripts/demo/content";
import { both, laptop, signedIn, sweep, TABLET, TABLET_LANDSCAPE, registerSweep } from "../helpers/a11y";

// The axe-core sweep, part 2: every plan page as a coordinator, on a laptop and a tablet.

const sweepSetup = registerSweep();

describe("accessibility sweep (axe-core, WCAG 2.2 AA) over every plan page", () => {
  it("every plan page, as a coordinator", async () => {
    const setup = sweepSetup();
    const coord = demoMembers.find((m) => m.role === "coordinator")!;
    const { context, page, errors } = await signedIn(setup, coord.email);
    const p = `${setup.server.origin}/plans/${setup.ids.plan}`;
    const problems: string[] = [];
    problems.push(...(await sweep(page, "home", `${setup.server.origin}/`, { shots: both })));
    problems.push(...(await sweep(page, "account", `${setup.server.origin}/account`)));
    problems.push(...(await sweep(page, "overview", p, { shots: both })));
    problems.push(
      ...(await sweep(page, "capability", `${p}/capabilities/${setup.ids.capability}`, {
        ready: (pg) => pg.locator(".collab-connection-connected").first().waitFor(),
        shots: both,
      })),
    );
    problems.push(...(await sweep(page, "gap", `${p}/gap`, { shots: both })));
    problems.push(...(await sweep(page, "dashboard", `${p}/dashboard`, { shots: both })));
    problems.push(...(await sweep(page, "actions", `${p}/actions`, { shots: [...both, { suffix: "tablet-landscape", viewport: TABLET_LANDSCAPE }] })));
    problems.push(...(await sweep(page, "action", `${p}/actions/${setup.ids.action}`, { shots: both })));
    problems.push(...(await sweep(page, "action-new", `${p}/actions/new`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "import", `${p}/actions/import`)));
    problems.push(...(await sweep(page, "members", `${p}/members`, { shots: both })));
    problems.push(...(await sweep(page, "organisations", `${p}/organisations`)));
    problems.push(...(await sweep(page, "settings", `${p}/settings`)));
    problems.push(...(await sweep(page, "audit", `${p}/audit`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "meetings", `${p}/meetings`, { shots: both })));
    problems.push(
      ...(await sweep(page, "meeting", `${p}/meetings/${setup.ids.upcoming}`, {
        shots: [...both, { suffix: "tablet-landscape", viewport: TABLET_LANDSCAPE }],
      })),
    );
    problems.push(...(await sweep(page, "agenda", `${p}/meetings/${setup.ids.upcoming}/agenda`, { shots: [{ suffix: "tablet", viewport: TABLET }] })));
    problems.push(...(await sweep(page, "meeting-past", `${p}/meetings/${setup.ids.past}`)));
    problems.push(...(await sweep(page, "summary", `${p}/meetings/${setup.ids.past}/summary`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "export", `${p}/export`)));
    problems.push(...(await sweep(page, "print", `${p}/export/print`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "editions", `${p}/editions`)));
    problems.push(...(await sweep(page, "edition-compare", `${p}/editions/${setup.ids.edition}`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "edition-print", `${p}/editions/${setup.ids.edition}/print`)));
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

});
