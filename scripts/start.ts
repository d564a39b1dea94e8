import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * `npm start`: build the app when the build is missing or older than its sources, then
 * migrate and serve (server/main.ts runs migrations before it listens).
 */
const root = path.resolve(import.meta.dirname, "..");
const buildMarker = path.join(root, "build/server/index.js");

function newestMtime(entry: string): number {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsStale(): boolean {
  if (!fs.existsSync(buildMarker)) return true;
  const built = fs.statSync(buildMarker).mtimeMs;
  const sources = Math.max(...["app", "public", "vite.config.ts", "package-lock.json", "tsconfig.json"].map(newestMtime));
  return sources > built;
}

const lockDir = path.join(root, ".build.lock");

/** Builds when stale. A lock directory keeps parallel test runs from building over each other. */
export function ensureBuild(): void {
  if (!buildIsStale()) return;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) fs.rmSync(lockDir, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!buildIsStale()) return;
    console.info("taskforce: building the app (first start or changed sources)…");
    execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/start.ts")) {
  ensureBuild();
  await import("../server/main");
}
