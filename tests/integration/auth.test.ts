import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { sessionIdFromToken } from "~/services/auth.server";
import { TestClient, redirectLocation } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

const ADMIN = { email: "admin@example.org", name: "Site Admin", password: "correct horse battery staple" };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

describe("first-run setup", () => {
  it("redirects the start page to /setup while no user exists", async () => {
    const res = await new TestClient(server.origin).get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/setup");
  });

  it("refuses a wrong setup code with 400 and the field marked", async () => {
    const res = await new TestClient(server.origin).post("/setup", { code: "AAAA-BBBB-CCCC-DDDD", ...ADMIN });
    expect(res.status).toBe(400);
  });

  it("refuses a malformed form with 400", async () => {
    const res = await new TestClient(server.origin).post("/setup", { code: server.setupCode!, email: "not-an-email", name: "", password: "x" });
    expect(res.status).toBe(400);
  });

  it("reports every problem of the form at once: a wrong code and a short password together", async () => {
    const html = async (res: Response) => {
      expect(res.status).toBe(400);
      return res.text();
    };
    const both = await html(await new TestClient(server.origin).post("/setup", { code: "AAAA-BBBB-CCCC-DDDD", ...ADMIN, password: "short" }));
    expect(both).toContain("That setup code is not right.");
    expect(both).toContain("Use at least 12 characters.");
    // With a field the schema refuses too (an empty name), the code and the password are still checked.
    const three = await html(await new TestClient(server.origin).post("/setup", { code: "AAAA-BBBB-CCCC-DDDD", ...ADMIN, name: "", password: "short" }));
    for (const message of ["That setup code is not right.", "Use at least 12 characters.", "Enter a name."]) expect(three).toContain(message);
    // A right code with a bad password: only the password, and the code still works afterwards.
    const password = await html(await new TestClient(server.origin).post("/setup", { code: server.setupCode!, ...ADMIN, password: "short" }));
    expect(password).toContain("Use at least 12 characters.");
    expect(password).not.toContain("That setup code is not right.");
  });

  it("creates the administrator with the printed code, signs in, and then /setup is gone", async () => {
    expect(server.setupCode).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const client = new TestClient(server.origin);
    const res = await client.post("/setup", { code: server.setupCode!, ...ADMIN });
    expect([302, 204]).toContain(res.status);
    expect(client.cookies.get("tf_session")).toMatch(/^[a-z2-7]{32}$/);
    const home = await client.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Site Admin");
    expect((await new TestClient(server.origin).get("/setup")).status).toBe(404);
    expect((await new TestClient(server.origin).post("/setup", { code: server.setupCode!, ...ADMIN })).status).toBe(404);
  });

  it("stores only the hash of the session token", async () => {
    const client = new TestClient(server.origin);
    await client.login(ADMIN.email, ADMIN.password);
    const token = client.cookies.get("tf_session")!;
    const rows = await server.services.db.selectFrom("user_session").select("id").execute();
    expect(rows.map((r) => r.id)).toContain(sessionIdFromToken(token));
    expect(rows.map((r) => r.id)).not.toContain(token);
  });
});

describe("sign in and out", () => {
  it("gives the same message and status for an unknown email and a wrong password", async () => {
    const a = await new TestClient(server.origin).post("/login", { email: "nobody@example.org", password: "whatever password" });
    const b = await new TestClient(server.origin).post("/login", { email: ADMIN.email, password: "wrong password here" });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const body = async (r: Response) => (await r.text()).replace(/nonce="[^"]*"|nonce-[^']*'|"nonce":"[^"]*"/g, "");
    const [textA, textB] = [await body(a), await body(b)];
    expect(textA).toBe(textB);
    expect(textB).toContain("That email address and password do not match an account.");
  });

  it("sets an HttpOnly SameSite=Lax cookie and signs out with POST /logout", async () => {
    const client = new TestClient(server.origin);
    const res = await client.login(ADMIN.email, ADMIN.password);
    const cookie = res.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const out = await client.post("/logout", {});
    expect(redirectLocation(out)).toBe("/login");
    expect(client.cookies.has("tf_session")).toBe(false);
    expect((await client.get("/account")).status).toBe(302);
  });

  it("an ended session no longer works even if its cookie is replayed", async () => {
    const client = new TestClient(server.origin);
    await client.login(ADMIN.email, ADMIN.password);
    const replay = new TestClient(server.origin);
    replay.cookies = new Map(client.cookies);
    await client.post("/logout", {});
    const res = await replay.get("/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("throttles repeated failures on one account from one address with 429 and Retry-After", async () => {
    const email = "throttle@example.org";
    await createUser(server.services.db, { email, name: "Throttle Test", password: "a perfectly fine password" });
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await new TestClient(server.origin).post("/login", { email, password: "wrong guess number " + i });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even the right password waits, from this address (other addresses: sign-in-throttle.test.ts).
    const right = await new TestClient(server.origin).post("/login", { email, password: "a perfectly fine password" });
    expect(right.status).toBe(429);
  });

  it("expires sessions after 30 days", async () => {
    const client = new TestClient(server.origin);
    await client.login(ADMIN.email, ADMIN.password);
    const id = sessionIdFromToken(client.cookies.get("tf_session")!);
    await server.services.db.updateTable("user_session").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", id).execute();
    expect((await client.get("/account")).status).toBe(302);
    expect(await server.services.db.selectFrom("user_session").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
  });

  it("slides the expiry when a session is used in its last 15 days", async () => {
    const client = new TestClient(server.origin);
    await client.login(ADMIN.email, ADMIN.password);
    const id = sessionIdFromToken(client.cookies.get("tf_session")!);
    const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    await server.services.db.updateTable("user_session").set({ expires_at: soon }).where("id", "=", id).execute();
    const res = await client.get("/account");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toContain("tf_session=");
    const row = await server.services.db.selectFrom("user_session").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });
});

describe("account page", () => {
  it("ends every session when the password changes, and needs the current password", async () => {
    const email = "changer@example.org";
    await createUser(server.services.db, { email, name: "Changer", password: "first long password" });
    const a = new TestClient(server.origin);
    const b = new TestClient(server.origin);
    await a.login(email, "first long password");
    await b.login(email, "first long password");
    const wrong = await a.post("/account", { intent: "password", currentPassword: "nope nope nope", newPassword: "second long password" });
    expect(wrong.status).toBe(400);
    const ok = await a.post("/account", { intent: "password", currentPassword: "first long password", newPassword: "second long password" });
    expect(redirectLocation(ok)).toBe("/login");
    expect((await b.get("/account")).status).toBe(302);
    await a.login(email, "second long password");
    expect((await a.get("/account")).status).toBe(200);
  });

  it("signs out of every other session", async () => {
    const email = "others@example.org";
    await createUser(server.services.db, { email, name: "Others", password: "long enough password" });
    const a = new TestClient(server.origin);
    const b = new TestClient(server.origin);
    await a.login(email, "long enough password");
    await b.login(email, "long enough password");
    expect((await a.post("/account", { intent: "end-others" })).status).toBe(200);
    expect((await a.get("/account")).status).toBe(200);
    expect((await b.get("/account")).status).toBe(302);
  });
});

describe("request safety", () => {
  it("refuses a POST from another origin or with no origin with 403", async () => {
    const client = new TestClient(server.origin);
    expect((await client.post("/login", { email: ADMIN.email, password: ADMIN.password }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await client.post("/login", { email: ADMIN.email, password: ADMIN.password }, { origin: null })).status).toBe(403);
  });

  it("refuses a WebSocket upgrade from another origin with 403, and without a session with 401", async () => {
    const status = (origin: string, path = "/sync/plan/x/capability/leadership") =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(server.origin.replace("http", "ws") + path, { origin });
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => resolve(101));
        ws.on("error", () => undefined);
      });
    expect(await status("https://evil.example")).toBe(403);
    expect(await status(server.origin)).toBe(401);
    expect(await status(server.origin, "/elsewhere")).toBe(404);
  });

  it("sends a nonce-based CSP and the other security headers", async () => {
    const res = await new TestClient(server.origin).get("/login");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(/script-src[^;]*/.exec(csp)![0]).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) if (!/src=/.test(attrs!) && !/type="application\/json"/.test(attrs!)) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it("refuses oversized bodies with 413", async () => {
    const res = await new TestClient(server.origin).post("/login", { email: "x".repeat(1_100_000), password: "y" });
    expect(res.status).toBe(413);
  });

  it("answers an unknown URL with the app's 404 page and no stack trace", async () => {
    const res = await new TestClient(server.origin).get("/no/such/page");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
