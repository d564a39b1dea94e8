import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { daysFromToday, insertActions, PASSWORD, seedPlan, type SeededPlan } from "../helpers/mnr-fixtures";
import { createTestDatabase } from "../helpers/test-db";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let plan: SeededPlan;
/** Server round trips on a busy two-core machine: wait up to 10 s for the page to settle. */
const POLL = { timeout: 10_000 };

beforeAll(async () => {
  // Seed before the server starts: with users present it opens no first-run setup.
  const database = await createTestDatabase();
  const db = await database.connect();
  plan = await seedPlan(db, "National action plan 2027–2030");
  const [, investigators] = await insertActions(
    db,
    plan,
    [
      { ref: "3.1", title: "Review legislation against the Luxembourg Guidelines terms", sector: "government", status: "delayed", progress: 20, dueDate: daysFromToday(-75), capabilities: ["legislation"] },
      { ref: "4.2", title: "Train investigators in victim identification", sector: "law-enforcement", status: "at-risk", progress: 30, dueDate: daysFromToday(-20), capabilities: ["dedicated-law-enforcement"] },
      { ref: "13.1", title: "School awareness programme for parents and teachers", sector: "civil-society", status: "on-track", progress: 50, ongoing: true, capabilities: ["education-programme"] },
    ],
    plan.people.coordinator.id,
  );
  // The member reports on the action assigned to them.
  await db.updateTable("action").set({ assignee_id: plan.people.member.id }).where("id", "=", investigators!).execute();
  await db.destroy();
  server = await startTestServer({ database });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function signIn(email: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: "Europe/Luxembourg" });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { page, errors };
}

describe("a task force meeting", () => {
  it("is scheduled, run with a member reporting from another browser, closed and summarised", async () => {
    const coord = await signIn(plan.people.coordinator.email);
    const page = coord.page;

    // The coordinator schedules the meeting; the agenda proposes itself.
    await page.goto(`${server.origin}/plans/${plan.planId}`);
    await page.getByRole("navigation", { name: /plan/i }).getByRole("link", { name: "Meetings" }).click();
    await page.waitForURL(/\/meetings$/);
    await page.getByLabel("Title").fill("Quarterly task force review");
    await page.getByLabel("Date").fill(daysFromToday(2));
    await page.getByLabel("Start time").fill("10:00");
    await page.getByLabel("End time").fill("12:00");
    await page.getByLabel("Time zone").selectOption("Europe/Luxembourg");
    await page.getByLabel("Place").fill("Ministry of Justice, room 3");
    await page.getByLabel("Call link").fill("https://meet.example.org/taskforce");
    await page.getByLabel("Scheduled").check();
    await page.getByRole("button", { name: "Create meeting and propose agenda" }).click();
    await page.waitForURL(/\/agenda\?created=1/);
    await expect.poll(() => page.getByRole("status").first().textContent(), POLL).toContain("proposed agenda items");
    const agenda = page.locator("ol.agenda-list > li");
    const titles = await agenda.locator(".agenda-item-title").allTextContents();
    expect(titles.some((t) => t.includes("4.2 Train investigators"))).toBe(true);
    expect(titles.some((t) => t.includes("3.1 Review legislation"))).toBe(true);
    expect(titles.some((t) => t.includes("13.1"))).toBe(false);

    // Reorder with the keyboard: 4.2 moves up, and focus stays on its button.
    const item42 = page.locator("li.agenda-item", { hasText: "4.2 Train investigators" });
    const before = titles.findIndex((t) => t.includes("4.2"));
    await item42.getByRole("button", { name: /Move “4\.2 .*” up/ }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/moved=/);
    await expect.poll(async () => (await page.locator("ol.agenda-list .agenda-item-title").allTextContents()).findIndex((t) => t.includes("4.2")), POLL).toBe(before - 1);
    // Focus stays on the item's move buttons (its "up" button, or "down" once it is first).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""), POLL).toMatch(/Move “4\.2 .*” (up|down)/);
    await screenshot(page, "meetings-agenda");

    // The coordinator opens the meeting from the agenda tab and lands on the running view.
    const meetingUrl = page.url().replace(/\/agenda.*$/, "");
    await page.getByRole("button", { name: "Open the meeting" }).click();
    await page.waitForURL(meetingUrl);
    await expect.poll(() => page.locator(".meeting-status").first().textContent(), POLL).toBe("In progress");
    // Only the item under discussion is open (the first without an outcome: 4.2, moved up); the others
    // are folded, and a jump list reaches the minutes and decisions.
    await expect.poll(() => page.locator("li.agenda-item details[open]").count(), POLL).toBe(1);
    expect(await page.locator("li.agenda-item details[open] .agenda-item-title").textContent()).toContain("4.2 Train investigators");
    expect(await page.getByRole("navigation", { name: "On this page" }).getByRole("link").allTextContents()).toEqual(["Item under discussion", "Minutes", "Decisions", "Attendance", "New actions"]);
    // A folded item opens from the keyboard (a native disclosure).
    const item31 = page.locator("li.agenda-item", { hasText: "3.1 Review legislation" });
    await item31.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => item31.locator("details").getAttribute("open"), POLL).toBe("");
    await page.keyboard.press("Enter");
    await expect.poll(() => item31.locator("details").getAttribute("open"), POLL).toBeNull();

    // A member, in a second browser, reports progress on their agenda item.
    const member = await signIn(plan.people.member.email);
    await member.page.goto(meetingUrl);
    const memberItem = member.page.locator("li.agenda-item", { hasText: "4.2 Train investigators" });
    await memberItem.getByLabel("Status").selectOption("on-track");
    await memberItem.getByLabel("Progress (%)").fill("55");
    await memberItem.getByLabel("Comment").fill("Two training courses delivered");
    await memberItem.getByRole("button", { name: "Record update" }).click();
    await expect.poll(() => memberItem.textContent(), POLL).toContain("in this meeting");

    // The coordinator's open page shows it without reloading (plan event stream).
    const coordItem = page.locator("li.agenda-item", { hasText: "4.2 Train investigators" });
    await expect.poll(() => coordItem.textContent(), POLL).toContain("Two training courses delivered");
    expect(await coordItem.locator(".status-badge").first().textContent()).toBe("On track");

    // A decision, linked to the action.
    await page.getByLabel("Decision", { exact: true }).fill("Extend the training to all regional units next year");
    await page.getByLabel("Linked actions").selectOption({ label: "4.2 Train investigators in victim identification" });
    await page.getByRole("button", { name: "Record decision" }).click();
    await expect.poll(() => page.locator("#decisions").locator("..").textContent(), POLL).toContain("Extend the training to all regional units next year");
    // Attendance: the invitees (the observer was not invited), everyone and a guest in one submit.
    const attendance = page.locator("section", { has: page.locator("#attendance") });
    expect(await attendance.locator("tbody th").allTextContents()).not.toContain("Olu Observer");
    const posts: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && posts.push(r.url())));
    await page.getByLabel("Attendance of Mo Member").selectOption("present");
    await page.getByLabel("Attendance of Pat Police Lead").selectOption("apologies");
    await page.getByLabel("Also attended (not invited)").selectOption({ label: "Olu Observer" });
    await page.getByRole("button", { name: "Save attendance" }).click();
    await page.waitForURL(/saved=attendance#attendance/);
    await expect.poll(() => attendance.textContent(), POLL).toContain("Attendance saved.");
    expect(posts).toHaveLength(1);
    const rows = await server.services.db.selectFrom("meeting_attendee").innerJoin("app_user", "app_user.id", "meeting_attendee.user_id").select(["app_user.name", "attendance"]).where("meeting_id", "=", meetingUrl.split("/").at(-1)!).execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.attendance]))).toMatchObject({ "Mo Member": "present", "Pat Police Lead": "apologies", "Olu Observer": "present" });
    await screenshot(page, "meetings-meeting-view");

    // Closing freezes the minutes and shows the summary.
    await page.getByRole("button", { name: "Close the meeting" }).click();
    await page.waitForURL(/\/summary$/);
    const summary = (await page.locator("main").textContent()) ?? "";
    expect(summary).toContain("Closed");
    expect(summary).toContain("Extend the training to all regional units next year");
    expect(summary).toContain("Two training courses delivered");
    expect(summary).toContain("At risk → On track");
    expect(summary).toMatch(/Mo Member\s*Present/);
    expect(summary).toMatch(/Pat Police Lead\s*Apologies/);
    expect(summary).toMatch(/Olu Observer\s*Present/);
    expect(summary).toContain("Since the last meeting");
    await screenshot(page, "meetings-summary");

    // The member's page now refuses further updates: the form is gone.
    await member.page.reload();
    expect(await member.page.locator("li.agenda-item", { hasText: "4.2 Train investigators" }).getByRole("button", { name: "Record update" }).count()).toBe(0);

    expect(coord.errors).toEqual([]);
    expect(member.errors).toEqual([]);
  }, 120_000);
});
