/**
 * `npm run bench:sync`: the Taskforce sync server (authentication, policy, durable storage on)
 * next to a minimal reference y-websocket server (bench/reference-server.ts), in one run, on the
 * same machine, driven by real y-websocket clients from this process. Prints both and the ratio.
 *
 * Server CPU comes from /proc/<pid>/stat of the server process only; the load generator's own
 * CPU is printed too (on 2 cores it competes with the server and dominates latency).
 * BENCH_SECONDS (default 8) and BENCH_REPEATS (default 2, medians reported) tune the run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { getFramework, DEFAULT_FRAMEWORK } from "~/domain/framework";
import { createSession } from "~/services/auth.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { insertDocUpdates, writeSnapshot } from "../db/repositories/docs";
import { ensureBuild } from "../scripts/start";
import { readConfig } from "../server/config";
import { setLogSilent } from "../server/log";
import { createServices } from "../server/services";
import { docName } from "../server/sync/doc-names";
import { seedCollabPlan } from "../tests/helpers/collab";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 2));
/** BENCH_ONLY=storm,a,b,cold runs only those scenarios (for profiling one of them). */
const ONLY = new Set((process.env.BENCH_ONLY ?? "storm,a,b,cold").split(","));
const STORM_CLIENTS = 200;
const COLD_ENTRIES = 10_000;
const COLD_LOGGED = 300;
const CLK_TCK = 100;

interface Target {
  kind: "reference" | "taskforce";
  origin: string;
  port: number;
  child: ChildProcess;
  cookies: string[];
  docs: string[];
  /** Documents of 10,000 entries, for the cold load. */
  coldDocs: string[];
}

// ---------------------------------------------------------------- processes

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("server process exited");
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error("server did not start");
    await sleep(100);
  }
}

function spawnNode(script: string, env: Record<string, string>): ChildProcess {
  // `node --import tsx` keeps the server in this one process (the tsx CLI would fork a grandchild).
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each server process there, to see where its time goes.
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROFILE] : [];
  return spawn(process.execPath, [...profile, "--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  await exited;
}

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

// ---------------------------------------------------------------- targets

async function startReference(docs: string[], coldDocs: string[]): Promise<Target> {
  const port = await freePort();
  const child = spawnNode("bench/reference-server.ts", { PORT: String(port) });
  await waitForPort(port, child);
  return { kind: "reference", origin: `http://localhost:${port}`, port, child, cookies: [""], docs, coldDocs };
}

interface TaskforceSetup {
  sqlitePath: string;
  cookies: string[];
  docs: string[];
  coldDocs: string[];
}

async function prepareTaskforce(): Promise<TaskforceSetup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-bench-"));
  const sqlitePath = path.join(dir, "bench.db");
  const { db } = openDatabase({ sqlitePath });
  await migrateToLatest(db);
  const services = createServices(readConfig({ NODE_ENV: "production" }, {}), db, "sqlite");
  const seed = await seedCollabPlan(services, "bench");
  const capabilities = getFramework(DEFAULT_FRAMEWORK).capabilities.map((c) => c.id);
  const docs = capabilities.slice(0, 20).map((capabilityId) => docName({ kind: "capability", planId: seed.planId, capabilityId }));
  // The 21st capability's narrative and the four sectors' notes of the last four capabilities
  // (the coordinator may read them all): 17 documents of 10,000 entries (see the cold phase in main).
  const coldCapability = capabilities[20]!;
  const sectors = ["government", "law-enforcement", "industry", "civil-society"] as const;
  const coldDocs = [
    docName({ kind: "capability", planId: seed.planId, capabilityId: coldCapability }),
    ...capabilities.slice(17, 21).flatMap((capabilityId) => sectors.map((sector) => docName({ kind: "sector-notes", planId: seed.planId, capabilityId, sector }))),
  ];
  // Ten sessions of the coordinator (who may write every narrative), shared by the clients.
  const cookies: string[] = [];
  for (let i = 0; i < 10; i++) cookies.push(`tf_session=${(await createSession(db, seed.users.coord.id, { userAgent: "bench" })).token}`);
  // Documents of 10,000 entries stored as the server leaves them: the log is compacted every 500
  // updates, so a snapshot (9,700 entries) and 300 logged single-entry updates after it.
  for (const coldDoc of coldDocs) {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    const entries = doc.getArray<number>("entries");
    for (let i = 0; i < COLD_ENTRIES - COLD_LOGGED; i++) entries.push([i]);
    const snapshotSeq = COLD_ENTRIES - COLD_LOGGED;
    await writeSnapshot(db, coldDoc, snapshotSeq, Y.encodeStateAsUpdate(doc), new Date().toISOString());
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = COLD_ENTRIES - COLD_LOGGED; i < COLD_ENTRIES; i++) entries.push([i]);
    await insertDocUpdates(
      db,
      coldDoc,
      new Date().toISOString(),
      updates.map((bytes, k) => ({ seq: snapshotSeq + k + 1, bytes, authorId: seed.users.coord.id })),
    );
  }
  await db.destroy();
  return { sqlitePath, cookies, docs, coldDocs };
}

/**
 * Each run starts from a copy of the prepared database, as the reference starts empty: otherwise
 * run 2 would serve documents grown by run 1 (every new client then receives more).
 */
function freshDatabase(setup: TaskforceSetup, run: number): TaskforceSetup {
  const sqlitePath = path.join(path.dirname(setup.sqlitePath), `run-${run}.db`);
  fs.copyFileSync(setup.sqlitePath, sqlitePath);
  return { ...setup, sqlitePath };
}

async function startTaskforce(setup: TaskforceSetup): Promise<Target> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawnNode("server/main.ts", {
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_ORIGIN: origin,
    SQLITE_PATH: setup.sqlitePath,
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    DATABASE_URL: "",
  });
  await waitForPort(port, child);
  return { kind: "taskforce", origin, port, child, cookies: setup.cookies, docs: setup.docs, coldDocs: setup.coldDocs };
}

// ---------------------------------------------------------------- clients

function socketClass(cookie: string, origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { Cookie: cookie } : {}), Origin: origin }, perMessageDeflate: false });
    }
  } as unknown as typeof WebSocket;
}

function client(target: Target, doc: string, i: number): WebsocketProvider {
  const cookie = target.cookies[i % target.cookies.length]!;
  return new WebsocketProvider(`ws://127.0.0.1:${target.port}/sync`, doc, new Y.Doc(), {
    disableBc: true,
    WebSocketPolyfill: socketClass(cookie, target.origin) as never,
  });
}

/** Resolves when every provider has synced: on the event itself, so no polling interval is measured. */
async function allSynced(providers: WebsocketProvider[], timeoutMs = 60_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${providers.filter((p) => !p.synced).length} clients did not sync`)), timeoutMs);
  });
  const synced = (p: WebsocketProvider) =>
    p.synced ? undefined : new Promise<void>((resolve) => p.on("sync", (isSynced: boolean) => isSynced && resolve()));
  try {
    await Promise.race([Promise.all(providers.map(synced)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- scenarios

/**
 * Warm-up, the same for both servers before anything is measured: five times, 20 clients sync a
 * document, make 20 edits each and leave (100 connections, 2,000 edits). A fresh Node process
 * compiles its code paths on first use and optimises them after many; the figures compare the
 * servers' steady-state costs, not how much code each has to compile.
 */
async function warmUp(target: Target): Promise<void> {
  const doc = target.docs[target.docs.length - 1]!;
  for (let cycle = 0; cycle < 5; cycle++) {
    const providers = Array.from({ length: 20 }, (_, i) => client(target, doc, i));
    await allSynced(providers);
    const before = providers[0]!.doc.getArray("warm-up").length;
    for (let round = 0; round < 20; round++) {
      for (const [i, p] of providers.entries()) p.doc.getArray<number>("warm-up").push([i]);
      await sleep(5);
    }
    const expected = before + providers.length * 20;
    const end = Date.now() + 10_000;
    while (providers.some((p) => p.doc.getArray("warm-up").length < expected) && Date.now() < end) await sleep(20);
    for (const p of providers) p.destroy();
    await sleep(100);
  }
}

async function storm(target: Target) {
  await sleep(300);
  const rssBefore = rssBytes(target.child.pid!);
  const cpu0 = cpuSeconds(target.child.pid!);
  const gen0 = process.cpuUsage();
  const started = performance.now();
  const providers = Array.from({ length: STORM_CLIENTS }, (_, i) => client(target, target.docs[0]!, i));
  await allSynced(providers);
  const ms = performance.now() - started;
  const serverCpuMs = (cpuSeconds(target.child.pid!) - cpu0) * 1000;
  const gen = process.cpuUsage(gen0);
  await sleep(500);
  const rssConnected = rssBytes(target.child.pid!);
  for (const p of providers) p.destroy();
  await sleep(1500);
  // Connected minus after-disconnect (same heap generation), so earlier garbage does not count.
  const perConnection = (rssConnected - Math.min(rssBefore, rssBytes(target.child.pid!))) / STORM_CLIENTS;
  return { connectMs: ms, memoryPerConnectionKiB: perConnection / 1024, serverCpuMs, generatorCpuMs: (gen.user + gen.system) / 1000 };
}

async function fanout(target: Target, docCount: number, clientsPerDoc: number, editsPerSecond: number) {
  const groups = target.docs.slice(0, docCount).map((doc, d) => Array.from({ length: clientsPerDoc }, (_, i) => client(target, doc, d * clientsPerDoc + i)));
  const providers = groups.flat();
  await allSynced(providers);
  await sleep(500);
  const latencies: number[] = [];
  let sent = 0;
  let delivered = 0;
  providers.forEach((p, me) => {
    p.doc.getArray<[number, number]>("bench").observe((event) => {
      const now = performance.now() + performance.timeOrigin;
      for (const d of event.changes.delta) {
        if (!d.insert) continue;
        for (const [sender, at] of d.insert as Array<[number, number]>) {
          if (sender === me) continue;
          delivered++;
          latencies.push(now - at);
        }
      }
    });
  });
  const cpu0 = cpuSeconds(target.child.pid!);
  const gen0 = process.cpuUsage();
  const timers: NodeJS.Timeout[] = [];
  const period = 1000 / editsPerSecond;
  providers.forEach((p, me) => {
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => {
          p.doc.getArray<[number, number]>("bench").push([[me, performance.now() + performance.timeOrigin]]);
          sent++;
        }, period),
      );
    }, Math.random() * period);
    timers.push(start);
  });
  await sleep(SECONDS * 1000);
  for (const t of timers) clearInterval(t);
  const expected = () => sent * (clientsPerDoc - 1);
  const drainEnd = Date.now() + 10_000;
  while (delivered < expected() && Date.now() < drainEnd) await sleep(50);
  const serverCpu = cpuSeconds(target.child.pid!) - cpu0;
  const gen = process.cpuUsage(gen0);
  for (const p of providers) p.destroy();
  await sleep(500);
  latencies.sort((a, b) => a - b);
  const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] ?? NaN;
  return {
    sent,
    delivered,
    lost: expected() - delivered,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    serverCpuMsPer1000: (serverCpu * 1000 * 1000) / Math.max(1, delivered),
    serverCpuPercent: (serverCpu / SECONDS) * 100,
    generatorCpuPercent: ((gen.user + gen.system) / 1e6 / SECONDS) * 100,
  };
}

/** The reference keeps documents in memory: give it the cold documents once, as a client would. */
async function seedReference(target: Target): Promise<void> {
  for (const doc of target.coldDocs) {
    const seeder = client(target, doc, 0);
    await allSynced([seeder]);
    const local = new Y.Doc();
    const entries = local.getArray<number>("entries");
    for (let i = 0; i < COLD_ENTRIES; i++) entries.push([i]);
    Y.applyUpdate(seeder.doc, Y.encodeStateAsUpdate(local));
    for (;;) {
      const probe = client(target, doc, 1);
      await allSynced([probe]);
      const n = probe.doc.getArray("entries").length;
      probe.destroy();
      if (n >= COLD_ENTRIES) break;
      await sleep(100);
    }
    seeder.destroy();
  }
}

/** A new client loads one 10,000-entry document: from the database (Taskforce), from memory (reference). */
async function loadOnce(target: Target, doc: string): Promise<number> {
  const started = performance.now();
  const p = client(target, doc, 0);
  await allSynced([p]);
  const ms = performance.now() - started;
  const n = p.doc.getArray("entries").length;
  p.destroy();
  if (n !== COLD_ENTRIES) throw new Error(`cold document has ${n} entries`);
  return ms;
}

/**
 * Loads each cold document but the first once, in turn, and returns the median of the last
 * eight: the first eight large loads let V8 optimise the large-document path, as seeding the
 * reference (which loads and encodes every cold document) does for it.
 */
async function loadEach(target: Target, label: string): Promise<number> {
  const times: number[] = [];
  for (const doc of target.coldDocs.slice(1)) times.push(await loadOnce(target, doc));
  console.info(`  ${target.kind} cold loads, ${label}: ${times.map((t) => t.toFixed(1)).join(", ")} ms`);
  return median(times.slice(-8));
}

// ---------------------------------------------------------------- report

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type Row = { name: string; unit: string; reference: number[]; taskforce: number[]; target?: number; lowerIsBetter?: boolean };

function printRows(rows: Row[]) {
  const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : "n/a");
  console.info(`\n${"metric".padEnd(46)} ${"reference".padStart(11)} ${"taskforce".padStart(11)} ${"ratio".padStart(7)}  target`);
  for (const r of rows) {
    const ref = median(r.reference);
    const tf = median(r.taskforce);
    const ratio = ref > 0 ? tf / ref : NaN;
    const verdict = r.target === undefined ? "" : ratio <= r.target ? `≤${r.target}× ok` : `≤${r.target}× MISSED`;
    console.info(`${`${r.name} (${r.unit})`.padEnd(46)} ${fmt(ref).padStart(11)} ${fmt(tf).padStart(11)} ${fmt(ratio).padStart(7)}  ${verdict}`);
  }
  console.info(`\nmedians of ${REPEATS} runs; each run: reference then taskforce. Runs: ${JSON.stringify(rows.map((r) => ({ [r.name]: { reference: r.reference.map((x) => +x.toFixed(2)), taskforce: r.taskforce.map((x) => +x.toFixed(2)) } })))}`);
}

async function main() {
  setLogSilent(true);
  // Every y-websocket provider in Node adds a process "exit" listener.
  process.setMaxListeners(0);
  ensureBuild();
  console.info(`bench:sync: ${os.cpus().length} cores, ${SECONDS}s per fan-out scenario, ${REPEATS} runs`);
  const setup = await prepareTaskforce();
  const rows: Record<string, Row> = {};
  const add = (name: string, unit: string, kind: Target["kind"], value: number, target?: number) => {
    rows[name] ??= { name, unit, reference: [], taskforce: [], target };
    rows[name]![kind].push(value);
    console.info(`  ${kind} ${name}: ${value.toFixed(2)} ${unit}`);
  };
  const addFanout = (title: string, id: string, k: Target["kind"], r: Awaited<ReturnType<typeof fanout>>, cpuTarget: boolean) => {
    add(`${title}: p50`, "ms", k, r.p50);
    add(`${id} p95`, "ms", k, r.p95);
    add(`${id} p99`, "ms", k, r.p99, 1.5);
    add(`${id} delivered updates`, "count", k, r.delivered);
    add(`${id} lost updates`, "count", k, r.lost);
    add(`${id} server CPU per 1,000 delivered`, "ms", k, r.serverCpuMsPer1000, cpuTarget ? 1.5 : undefined);
    add(`${id} server CPU`, "%", k, r.serverCpuPercent);
    add(`${id} load generator CPU`, "%", k, r.generatorCpuPercent);
  };
  let reference: Target | null = null;
  let taskforce: Target | null = null;
  try {
    for (let run = 1; run <= REPEATS; run++) {
      const runSetup = freshDatabase(setup, run);
      reference = await startReference(setup.docs, setup.coldDocs);
      taskforce = await startTaskforce(runSetup);
      for (const target of [reference, taskforce]) {
        const k = target.kind;
        console.info(`run ${run}: ${k}…`);
        await warmUp(target);
        if (ONLY.has("storm")) {
          const s = await storm(target);
          add("connect 200 clients", "ms", k, s.connectMs, 1.5);
          add("  server CPU during the storm", "ms", k, s.serverCpuMs);
          add("  load generator CPU during the storm", "ms", k, s.generatorCpuMs);
          add("server memory per connection", "KiB", k, s.memoryPerConnectionKiB);
        }
        // Targets: p99 at (a) and (b), server CPU per delivered update at (b).
        if (ONLY.has("a")) addFanout("(a) 1 doc × 50 clients × 2/s", "(a)", k, await fanout(target, 1, 50, 2), false);
        if (ONLY.has("b")) addFanout("(b) 20 docs × 10 clients × 5/s", "(b)", k, await fanout(target, 20, 10, 5), true);
      }
      // Cold load from the database, in the two states a restart can leave a document in.
      // After a crash (SIGKILL): the snapshot and the 300 logged updates the bench stored. After a
      // restart (SIGTERM): the server compacted every document it had loaded, so each is one
      // snapshot, as an ordinary restart or an unload after the last client left leaves it: the
      // figure compared with the target. Each time, the first document loaded is the process's
      // first request of all (it pays for compiling its code paths, reported apart), then the
      // usual warm-up, then the other sixteen documents, each read from the database on first open.
      if (ONLY.has("cold")) {
        const phase = async (label: string, signal: NodeJS.Signals) => {
          await stopChild(taskforce!.child, signal);
          taskforce = await startTaskforce(runSetup);
          const first = await loadOnce(taskforce, taskforce.coldDocs[0]!);
          await warmUp(taskforce);
          return { first, median: await loadEach(taskforce, label) };
        };
        const crash = await phase("after a crash", "SIGKILL");
        const restart = await phase("after a restart", "SIGTERM");
        add("cold load of 10,000 entries after a restart", "ms", "taskforce", restart.median, 1.5);
        add("  same, after a crash (snapshot + 300 logged)", "ms", "taskforce", crash.median);
        add("  first request after a restart", "ms", "taskforce", restart.first);
        add("  first request after a crash", "ms", "taskforce", crash.first);
        await seedReference(reference);
        const first = await loadOnce(reference, reference.coldDocs[0]!);
        const fromMemory = await loadEach(reference, "from memory");
        add("cold load of 10,000 entries after a restart", "ms", "reference", fromMemory, 1.5);
        add("  same, after a crash (snapshot + 300 logged)", "ms", "reference", fromMemory);
        add("  first request after a restart", "ms", "reference", first);
        add("  first request after a crash", "ms", "reference", first);
      }
      await stopChild(reference.child);
      await stopChild(taskforce.child);
    }
  } finally {
    if (reference) await stopChild(reference.child, "SIGKILL");
    if (taskforce) await stopChild(taskforce.child, "SIGKILL");
  }
  printRows(Object.values(rows));
  fs.rmSync(path.dirname(setup.sqlitePath), { recursive: true, force: true });
  process.exit(0);
}

await main();
