import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * Sign-in throttling by account and address together (decision 082). The server trusts its proxy
 * (TRUST_PROXY), so each request names its client address in X-Forwarded-For, as a proxy would.
 */
const PASSWORD = "the owner's long passphrase";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { trustProxy: true } });
  server.services.setup.close();
});
afterAll(async () => {
  await server?.stop();
  await server?.database.drop();
});

async function account(tag: string): Promise<{ id: string; email: string }> {
  const email = `${tag}@example.org`;
  return { id: await createUser(server.services.db, { email, name: `Owner ${tag}`, password: PASSWORD }), email };
}

function signIn(email: string, password: string, forwardedFor: string): Promise<Response> {
  return new TestClient(server.origin).post("/login", { email, password }, { headers: { "x-forwarded-for": forwardedFor } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retryAfter = (res: Response) => Number(res.headers.get("retry-after"));

function throttleAudit(entityId: string | null) {
  let q = server.services.db.selectFrom("audit_log").select(["verb", "entity", "entity_id", "plan_id", "actor_id", "after_json"]).where("verb", "=", "sign-in.throttled");
  q = entityId === null ? q.where("entity_id", "is", null) : q.where("entity_id", "=", entityId);
  return q.execute();
}

describe("sign-in throttling", () => {
  it("lets the owner sign in from their address while an attacker elsewhere keeps failing", async () => {
    const owner = await account("coordinator-a");
    for (let i = 0; i < 12; i++) await signIn(owner.email, `wrong guess ${i}`, "203.0.113.5");
    expect((await signIn(owner.email, "wrong again", "203.0.113.5")).status).toBe(429);
    const res = await signIn(owner.email, PASSWORD, "198.51.100.7");
    expect(res.status).toBe(302);
    // The lock-out of the attacker's address is in the audit trail (site-wide: no plan, no actor).
    const rows = await throttleAudit(owner.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: "user", plan_id: null, actor_id: null });
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ scope: "account-address", address: "203.0.113.5", failures: 5 });
  });

  it("makes the failing address wait longer after each further failure, even with the right password", async () => {
    const owner = await account("coordinator-b");
    const attacker = "203.0.113.9";
    for (let i = 0; i < 5; i++) expect((await signIn(owner.email, `wrong ${i}`, attacker)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const refused = await signIn(owner.email, PASSWORD, attacker);
      expect(refused.status).toBe(429);
      waits.push(retryAfter(refused));
      await sleep(retryAfter(refused) * 1000 + 100);
      expect((await signIn(owner.email, `wrong again ${round}`, attacker)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    // A proxy appends the address it saw; what the client wrote before it does not count.
    const spoofed = await signIn(owner.email, "wrong", `192.0.2.${Math.floor(Math.random() * 250)}, ${attacker}`);
    expect(spoofed.status).toBe(429);
    expect(retryAfter(spoofed)).toBe(8);
  });

  it("throttles the whole account after 100 failures from many addresses", async () => {
    const owner = await account("coordinator-c");
    // Twenty addresses, five failures each: none of them alone is throttled.
    for (let a = 0; a < 20; a++) {
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(owner.email, `wrong ${a}-${i}`, `198.18.0.${a + 1}`)));
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    }
    const fresh = await signIn(owner.email, PASSWORD, "198.51.100.77");
    expect(fresh.status).toBe(429);
    expect(retryAfter(fresh)).toBeGreaterThan(0);
    const rows = (await throttleAudit(owner.id)).map((r) => JSON.parse(r.after_json!) as { scope: string });
    expect(rows.filter((r) => r.scope === "account")).toHaveLength(1);
    // Once the wait is over the owner gets in.
    await sleep(retryAfter(fresh) * 1000 + 100);
    expect((await signIn(owner.email, PASSWORD, "198.51.100.77")).status).toBe(302);
  });

  it("throttles an address that tries many accounts, and records it", async () => {
    const address = "203.0.113.200";
    for (let i = 0; i < 30; i++) expect((await signIn(`nobody-${i}@example.org`, "guess", address)).status).toBe(401);
    const next = await signIn("someone-else@example.org", "guess", address);
    expect(next.status).toBe(429);
    const rows = (await throttleAudit(null)).map((r) => JSON.parse(r.after_json!) as { scope: string; address: string });
    expect(rows).toContainEqual(expect.objectContaining({ scope: "address", address }));
  });
});
