import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createUser } from "~/services/accounts.server";
import type { AppServices } from "~/services/context.server";
import { addMember, createOrganisation } from "~/services/members.server";
import { createPlan } from "~/services/plans.server";
import { DEFAULT_FRAMEWORK } from "~/domain/framework";
import { findPlanById } from "../../db/repositories/plans";
import { TestClient } from "./http-client";

export const PASSWORD = "a long enough test passphrase";

export interface CollabPlan {
  planId: string;
  /** "leadership": led by government by default. */
  capabilityId: string;
  users: Record<"admin" | "coord" | "gov" | "observer" | "industry" | "stranger", { id: string; email: string; name: string }>;
}

/**
 * A plan with a government coordinator, a government member (contributes to "leadership"),
 * an observer, an industry member (reads the narrative only) and a stranger to the plan.
 */
export async function seedCollabPlan(services: AppServices, tag = "c"): Promise<CollabPlan> {
  const { db } = services;
  const mk = async (key: string, name: string, isSiteAdmin = false) => {
    const email = `${key}-${tag}@example.org`;
    return { id: await createUser(db, { email, name, password: PASSWORD, isSiteAdmin }), email, name };
  };
  const admin = await mk("admin", "Ada Admin", true);
  const coord = await mk("coord", "Cora Coordinator");
  const gov = await mk("gov", "Gil Government");
  const observer = await mk("observer", "Olu Observer");
  const industry = await mk("industry", "Ines Industry");
  const stranger = await mk("stranger", "Sam Stranger");
  const planId = await createPlan(services, admin.id, {
    title: "National plan",
    country: "LU",
    startYear: 2026,
    endYear: 2028,
    description: "",
    frameworkVersion: DEFAULT_FRAMEWORK,
    coordinatorEmail: coord.email,
    organisationName: "Ministry of Justice",
    organisationType: "government",
  });
  const plan = (await findPlanById(db, planId))!;
  const op = { kind: "operator" as const, plan, userId: admin.id };
  const govOrg = (await db.selectFrom("organisation").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow()).id;
  const industryOrg = await createOrganisation(services, op, { name: "Platform Co", orgType: "industry" });
  await addMember(services, op, { userId: gov.id, organisationId: govOrg, role: "member" });
  await addMember(services, op, { userId: observer.id, organisationId: govOrg, role: "observer" });
  await addMember(services, op, { userId: industry.id, organisationId: industryOrg, role: "member" });
  return { planId, capabilityId: "leadership", users: { admin, coord, gov, observer, industry, stranger } };
}

export async function signIn(origin: string, email: string): Promise<TestClient> {
  const client = new TestClient(origin);
  await client.login(email, PASSWORD);
  return client;
}

/** A `ws` WebSocket that sends the session cookie and the app's Origin, as a browser would. */
export function socketClass(cookie: string | null, origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { Cookie: cookie } : {}), Origin: origin } });
    }
  } as unknown as typeof WebSocket;
}

/** A real y-websocket provider, without BroadcastChannel (which would sync without the server). */
export function provider(origin: string, cookie: string | null, docName: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(`${origin.replace(/^http/, "ws")}/sync`, docName, doc, {
    disableBc: true,
    WebSocketPolyfill: socketClass(cookie, origin) as never,
    maxBackoffTime: 300,
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function synced(p: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  return waitFor(() => p.synced, timeoutMs, "sync");
}

/** Opens a raw WebSocket to /sync/<doc>; resolves with the socket or the refusal status. */
export function rawSocket(origin: string, cookie: string | null, docName: string): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new (socketClass(cookie, origin))(`${origin.replace(/^http/, "ws")}/sync/${docName}`);
    ws.binaryType = "nodebuffer";
    ws.once("open", () => resolve({ ws }));
    ws.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once("error", () => resolve({ status: -1 }));
  });
}

export function closed(ws: WebSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return resolve(-1);
    const t = setTimeout(() => reject(new Error("socket not closed")), timeoutMs);
    ws.once("close", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}
