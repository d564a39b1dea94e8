import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * Remix refuses an action whose Origin does not name the Host it was sent to by throwing, which
 * was HTTP 500. The server answers such requests with 400 itself, before Remix sees them.
 * node:http, not fetch: fetch does not let a test choose the Host header.
 */
const USER = { email: "host-test@example.org", name: "Host Test", password: "a long enough test password" };

function send(server: TestServer, method: string, path: string, headers: Record<string, string>, body = ""): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const signIn = (server: TestServer, headers: Record<string, string>, path = "/login") =>
  send(server, "POST", path, { origin: server.origin, "content-type": "application/x-www-form-urlencoded", ...headers }, new URLSearchParams(USER).toString());

let direct: TestServer;
let proxied: TestServer;
beforeAll(async () => {
  direct = await startTestServer();
  proxied = await startTestServer({ config: { trustProxy: true } });
  for (const s of [direct, proxied]) {
    s.services.setup.close();
    await createUser(s.services.db, USER);
  }
});
afterAll(async () => {
  for (const s of [direct, proxied]) {
    await s?.stop();
    await s?.database.drop();
  }
});

describe("a Host header that is not APP_ORIGIN's", () => {
  it("answers a form post or a data request to another host with 400, never 500", async () => {
    for (const path of ["/login", "/login.data", "/logout"]) {
      const res = await signIn(direct, { host: "evil.example" }, path);
      expect(res.status, path).toBe(400);
      expect(res.body).toContain("APP_ORIGIN");
    }
  });

  it("still serves pages to any Host (health checks address the server by its IP)", async () => {
    const res = await send(direct, "GET", "/login", { host: "10.0.0.5:3000" });
    expect(res.status).toBe(200);
  });

  it("signs in when Host is APP_ORIGIN's", async () => {
    expect((await signIn(direct, { host: new URL(direct.origin).host })).status).toBe(302);
  });

  it("ignores X-Forwarded-Host unless TRUST_PROXY is set", async () => {
    expect((await signIn(direct, { host: new URL(direct.origin).host, "x-forwarded-host": "evil.example" })).status).toBe(302);
  });

  it("behind a trusted proxy that rewrites Host, takes the public host from X-Forwarded-Host", async () => {
    const publicHost = new URL(proxied.origin).host;
    expect((await signIn(proxied, { host: "127.0.0.1:3000", "x-forwarded-host": publicHost })).status).toBe(302);
    expect((await signIn(proxied, { host: publicHost, "x-forwarded-host": "evil.example" })).status).toBe(400);
    expect((await signIn(proxied, { host: "127.0.0.1:3000" })).status).toBe(400);
  });
});
