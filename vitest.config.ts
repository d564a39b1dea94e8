import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three projects so `npm test` can run them in order and CI logs say which layer failed.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts", "app/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: ["tests/e2e/collab-concurrent.test.ts", "tests/e2e/collab-random.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Two files at a time (each with its own servers and Chromium): the step's length is
          // then about its longest file, the coordinator accessibility sweep.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // The concurrent-editing journeys race three editors against the network on purpose;
          // they run alone, so another journey's Chromium does not change their timing.
          name: "e2e-concurrent",
          include: ["tests/e2e/collab-concurrent.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The seeded random co-editing run: `npm run test:soak`, not part of `npm test` while
          // the defect it still finds is open (decision 029).
          name: "soak",
          include: ["tests/e2e/collab-random.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
