#!/usr/bin/env node
// `npx taskforce …`: runs the TypeScript command line through tsx (the same loader `npm start` uses).
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { runCli } = await import("../server/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
