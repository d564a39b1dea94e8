/**
 * The worker thread that reads uploaded spreadsheets, one at a time (see server/spreadsheet-workers.ts).
 * Plain JavaScript because a worker starts without its parent's TypeScript loader (the server
 * runs under tsx for `npm start` and under Vitest in tests): it registers tsx itself, then loads
 * the reader from the app's sources.
 */
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { readSpreadsheetBytes } = await import("../app/services/spreadsheet-reader.server.ts");

parentPort.on("message", async ({ id, bytes, fileName, fileType, encoding }) => {
  let result;
  try {
    result = await readSpreadsheetBytes(new Uint8Array(bytes), fileName, fileType, encoding);
  } catch {
    result = { ok: false, messageKey: "actions:errors.fileUnreadable", status: 400 };
  }
  parentPort.postMessage({ id, result });
});
parentPort.postMessage({ ready: true });
