/**
 * Hostile spreadsheet uploads (issue 20): how long the server takes to refuse each file, its peak
 * memory (RSS of the whole server process, workers included) while doing so, and how long a
 * sign-in page takes for someone else meanwhile, against that page's normal time.
 * Starts the real built server in its own process (`node --import tsx server/main.ts`, as
 * `npm start` does) on a demo database, and signs in as the demo coordinator.
 * Run: npm run bench (or `npx tsx bench/import.ts`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { readConfig } from "../server/config";
import { createServices } from "../server/services";
import { loadDemo } from "../scripts/demo";
import { DEMO_PASSWORD, demoMembers } from "../scripts/demo/content";
import { ensureBuild } from "../scripts/start";
import { manyRowsXlsx, understateSheetSize, whitespaceXlsx } from "../tests/helpers/hostile-spreadsheets";
import { TestClient } from "../tests/helpers/http-client";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** A client gives up on an upload after this long (the sweep's own timeout was 20 s for pages). */
const UPLOAD_TIMEOUT_MS = 180_000;

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

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

ensureBuild();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-bench-import-"));
const sqlitePath = path.join(dir, "bench.db");
let planId: string;
{
  const { db } = openDatabase({ sqlitePath });
  await migrateToLatest(db);
  ({ planId } = await loadDemo(createServices(readConfig({ NODE_ENV: "production" }, {}), db, "sqlite")));
  await db.destroy();
}

console.info("making the hostile files…");
const whitespace = whitespaceXlsx(400);
const files = {
  "2,000,000 tiny rows": manyRowsXlsx(2_000_000),
  "400 MB of whitespace": whitespace,
  "400 MB of whitespace, sizes understated": understateSheetSize(whitespace),
  "300,000 rows with cell references": manyRowsXlsx(300_000, { references: true }),
};

const port = await freePort();
const origin = `http://localhost:${port}`;
const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_ORIGIN: origin, SQLITE_PATH: sqlitePath, NODE_ENV: "production", LOG_LEVEL: "silent", DATABASE_URL: "" },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  for (const end = Date.now() + 60_000; ; await sleep(100)) {
    if (child.exitCode !== null) throw new Error("server exited");
    if (Date.now() > end) throw new Error("server did not start");
    if (await fetch(`${origin}/login`).then(() => true, () => false)) break;
  }
  const pid = child.pid!;
  const coordinator = new TestClient(origin);
  await coordinator.login(demoMembers[0]!.email, DEMO_PASSWORD);
  const other = new TestClient(origin);

  const timeLogin = async () => {
    const t0 = performance.now();
    const res = await other.get("/login", { signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) }).catch(() => null);
    await res?.arrayBuffer();
    return performance.now() - t0;
  };
  for (let i = 0; i < 5; i++) await timeLogin();
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) baseline.push(await timeLogin());
  console.info(`\nGET /login while idle: median ${median(baseline).toFixed(1)} ms, max ${Math.max(...baseline).toFixed(1)} ms; server RSS ${rssMiB(pid).toFixed(0)} MiB\n`);

  const upload = async (name: string, bytes: Uint8Array<ArrayBuffer>) => {
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([bytes], `${name}.xlsx`, { type: XLSX_TYPE }));
    const t0 = performance.now();
    try {
      const res = await coordinator.request(`/plans/${planId}/actions/import`, { method: "POST", body: form, signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
      const text = await res.text();
      const message = /class="field-error"[^>]*>([^<]+)</.exec(text)?.[1] ?? (res.status === 302 ? "accepted" : "");
      return { status: String(res.status), ms: performance.now() - t0, message };
    } catch {
      return { status: "no answer", ms: performance.now() - t0, message: `gave up after ${UPLOAD_TIMEOUT_MS / 1000} s` };
    }
  };

  const scenarios: Array<[string, Uint8Array<ArrayBuffer>, number]> = [
    ...Object.entries(files).map(([name, bytes]) => [name, bytes, 1] as [string, Uint8Array<ArrayBuffer>, number]),
    ["2,000,000 tiny rows, 3 at once", files["2,000,000 tiny rows"], 3],
  ];
  console.info("file".padEnd(42), "KiB".padStart(6), "status".padStart(10), "answer s".padStart(9), "peak RSS MiB".padStart(13), "/login median ms".padStart(17), "/login max ms".padStart(14), "  message");
  for (const [name, bytes, copies] of scenarios) {
    await sleep(2000); // let the previous scenario's memory settle
    let peak = rssMiB(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
    let done = false;
    const during: number[] = [];
    const probing = (async () => {
      while (!done) {
        during.push(await timeLogin());
        await sleep(100);
      }
    })();
    const results = await Promise.all(Array.from({ length: copies }, () => upload(name, bytes)));
    done = true;
    await probing;
    clearInterval(sampler);
    for (const r of results) {
      console.info(
        name.padEnd(42),
        (bytes.length / 1024).toFixed(0).padStart(6),
        r.status.padStart(10),
        (r.ms / 1000).toFixed(2).padStart(9),
        peak.toFixed(0).padStart(13),
        median(during).toFixed(1).padStart(17),
        Math.max(...during).toFixed(1).padStart(14),
        " ",
        r.message.replace(/&#x27;/g, "'").slice(0, 90),
      );
    }
  }
} finally {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
}
