/**
 * Server render time of the demo plan's pages and the JavaScript a first visit downloads.
 * Loads the demo into a fresh SQLite file, starts the production server, signs in as the
 * coordinator and requests each page sequentially (warm-up first). Run: npm run bench.
 */
import zlib from "node:zlib";
import { readConfig } from "../server/config";
import { createServices } from "../server/services";
import { attachSyncServer } from "../server/sync";
import { loadDemo } from "../scripts/demo";
import { DEMO_PASSWORD, demoMembers } from "../scripts/demo/content";
import { ensureBuild } from "../scripts/start";
import { TestClient } from "../tests/helpers/http-client";
import { createTestDatabase } from "../tests/helpers/test-db";
import { startTestServer } from "../tests/helpers/test-server";

const ROUNDS = Number(process.env.ROUNDS ?? 30);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

ensureBuild();
const database = await createTestDatabase();
const db = await database.connect();
const services = createServices(readConfig({ NODE_ENV: "production" }), db, database.kind);
const sync = attachSyncServer(services);
const { planId } = await loadDemo(services);
await sync.close();
await db.destroy();

const server = await startTestServer({ database });
try {
  const client = new TestClient(server.origin);
  await client.login(demoMembers[0]!.email, DEMO_PASSWORD);
  const firstAction = await server.services.db.selectFrom("action").select("id").where("plan_id", "=", planId).orderBy("ref").executeTakeFirstOrThrow();
  const meeting = await server.services.db.selectFrom("meeting").select("id").where("plan_id", "=", planId).where("status", "=", "closed").executeTakeFirstOrThrow();
  const pages: Record<string, string> = {
    home: "/",
    overview: `/plans/${planId}`,
    capability: `/plans/${planId}/capabilities/legislation`,
    gap: `/plans/${planId}/gap`,
    dashboard: `/plans/${planId}/dashboard`,
    register: `/plans/${planId}/actions`,
    action: `/plans/${planId}/actions/${firstAction.id}`,
    meetings: `/plans/${planId}/meetings`,
    summary: `/plans/${planId}/meetings/${meeting.id}/summary`,
    members: `/plans/${planId}/members`,
    export: `/plans/${planId}/export`,
  };

  console.info(`server render time over ${ROUNDS} sequential requests (full HTML body), demo plan with 80 actions:\n`);
  console.info("page".padEnd(12), "median ms".padStart(10), "p95 ms".padStart(8), "HTML KiB".padStart(9));
  const medians: number[] = [];
  for (const [name, path] of Object.entries(pages)) {
    const warm = await client.get(path);
    if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}`);
    const html = await warm.text();
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const res = await client.get(path);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    medians.push(percentile(times, 50));
    console.info(name.padEnd(12), percentile(times, 50).toFixed(1).padStart(10), percentile(times, 95).toFixed(1).padStart(8), (Buffer.byteLength(html) / 1024).toFixed(0).padStart(9));
  }
  medians.sort((a, b) => a - b);
  console.info(`\nmedian of page medians: ${percentile(medians, 50).toFixed(1)} ms (target < 200 ms)`);

  // JavaScript a first visit to the plan overview downloads: entry, route modules, preloads.
  const html = await (await client.get(pages.overview!)).text();
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)|from "([^"]+\.js)"/g)) urls.add((m[1] ?? m[2])!);
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const body = Buffer.from(await (await client.get(url)).arrayBuffer());
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 6 }).length;
  }
  console.info(`first load of the plan overview: ${urls.size} JavaScript files, ${(raw / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzipped)`);
} finally {
  await server.stop();
  await database.drop();
}
