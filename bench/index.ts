/**
 * `npm run bench`: runs every benchmark script in this folder, one after the other, each in its
 * own process (so one's caches and heap do not colour the next). Helpers that are not
 * benchmarks (e.g. the sync benchmark's reference server) are skipped. Arguments after `--`
 * are passed to each script.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const here = import.meta.dirname;
const NOT_BENCHMARKS = new Set(["index.ts", "reference-server.ts"]);
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !NOT_BENCHMARKS.has(f))
  .sort();
const args = process.argv.slice(2);
let failed = 0;
for (const script of scripts) {
  console.info(`\n== bench/${script}`);
  const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.join(here, script), ...args], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
