import { spawnSync } from "node:child_process";
import { ensureBuild } from "./start";

/**
 * `npm test`: typecheck, lint, unit, integration, end-to-end and the concurrent-editing journeys, on SQLite; then the
 * integration suite (every route, the sync server, the services: all that touches SQL) again on
 * PostgreSQL when TEST_DATABASE_URL is set (CI sets it). The browser journeys run once: they
 * exercise the same routes, and a second pass would double the suite's longest step.
 */
const pg = process.env.TEST_DATABASE_URL;
const steps: Array<{ name: string; cmd: string[]; env?: Record<string, string> }> = [
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "lint", cmd: ["npx", "eslint", ".", "--max-warnings=0"] },
  { name: "unit", cmd: ["npx", "vitest", "run", "--project", "unit"] },
  { name: "integration (SQLite)", cmd: ["npx", "vitest", "run", "--project", "integration"] },
  { name: "end-to-end (SQLite)", cmd: ["npx", "vitest", "run", "--project", "e2e"] },
  { name: "concurrent editing (SQLite, alone)", cmd: ["npx", "vitest", "run", "--project", "e2e-concurrent"] },
  ...(pg
    ? [
        { name: "integration (PostgreSQL)", cmd: ["npx", "vitest", "run", "--project", "integration"], env: { TASKFORCE_TEST_PG: pg } },
      ]
    : []),
];

const started = Date.now();
ensureBuild();
const timings: string[] = [];
for (const step of steps) {
  const t0 = Date.now();
  console.info(`\n=== ${step.name} ===`);
  const result = spawnSync(step.cmd[0]!, step.cmd.slice(1), { stdio: "inherit", env: { ...process.env, ...step.env } });
  timings.push(`${step.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    console.error(`\nnpm test: step "${step.name}" failed.`);
    process.exit(result.status ?? 1);
  }
}
console.info(`\n${timings.join("\n")}\nall steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
