import os from "node:os";
import { Worker } from "node:worker_threads";
import type { CsvEncoding } from "~/domain/spreadsheet-cells";
import type { ReadResult } from "~/services/spreadsheet-reader.server";
import { log } from "./log";

export interface SpreadsheetWorkerLimits {
  /** Uploads read at the same time, each in its own worker thread. */
  concurrent: number;
  /** Uploads that may wait for a free worker; more are told to try again (503). */
  queued: number;
  /** Wall-clock time of one read; then its worker is stopped and the file refused. */
  timeoutMs: number;
  /** V8 heap of one worker; a file that needs more is refused, the server is not. */
  heapMb: number;
  /** An idle worker is stopped after this long (it holds the reader's code, some 40 MB). */
  idleMs: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetWorkerLimits = {
  // Leave a core to the thread that answers requests.
  concurrent: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
  queued: 4,
  timeoutMs: 20_000,
  heapMb: 256,
  idleMs: 5 * 60_000,
};

const WORKER = new URL("./spreadsheet-worker.mjs", import.meta.url);
const TOO_COMPLEX: ReadResult = { ok: false, messageKey: "actions:errors.fileTooComplex", status: 422 };
const BUSY: ReadResult = { ok: false, messageKey: "actions:errors.importBusy", status: 503 };

interface Slot {
  worker: Worker;
  ready: Promise<boolean>;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Reads uploaded spreadsheets off the event loop, with bounded work: a few worker threads, a short
 * queue, a time and heap limit per read. A worker that runs out of time or memory is stopped and
 * replaced; one that finishes is kept for the next upload (starting one costs about a second).
 * Decision 045.
 */
export class SpreadsheetWorkers {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Worker>();
  private nextId = 0;

  constructor(private readonly limits: SpreadsheetWorkerLimits = DEFAULT_SPREADSHEET_LIMITS) {}

  async read(bytes: ArrayBuffer, fileName: string, fileType: string, encoding: CsvEncoding | "auto" = "auto"): Promise<ReadResult> {
    if (this.busy >= this.limits.concurrent) {
      if (this.waiting.length >= this.limits.queued) return BUSY;
      // The finishing read hands its place over directly (busy stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.busy++;
    }
    try {
      const slot = this.idle.pop() ?? this.start();
      clearTimeout(slot.idleTimer);
      const result = await this.readIn(slot, { bytes, fileName, fileType, encoding });
      if (result.kept) this.park(slot);
      return result.result;
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }

  private start(): Slot {
    // execArgv: [] so the worker does not inherit the parent's loaders (it registers its own).
    const worker = new Worker(WORKER, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32 } });
    worker.unref();
    this.all.add(worker);
    worker.once("exit", () => this.all.delete(worker));
    const ready = new Promise<boolean>((resolve) => {
      worker.once("message", () => resolve(true));
      worker.once("error", () => resolve(false));
      worker.once("exit", () => resolve(false));
    });
    return { worker, ready };
  }

  private park(slot: Slot) {
    slot.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
      void slot.worker.terminate();
    }, this.limits.idleMs);
    slot.idleTimer.unref();
    this.idle.push(slot);
  }

  private readIn(slot: Slot, job: { bytes: ArrayBuffer; fileName: string; fileType: string; encoding: CsvEncoding | "auto" }): Promise<{ result: ReadResult; kept: boolean }> {
    const id = ++this.nextId;
    const { worker } = slot;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: ReadResult, kept: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (!kept) void worker.terminate();
        resolve({ result, kept });
      };
      const onMessage = (message: { id?: number; result?: ReadResult }) => {
        if (message.id === id && message.result) settle(message.result, true);
      };
      const onError = (error: Error & { code?: string }) => {
        if (error.code !== "ERR_WORKER_OUT_OF_MEMORY") log.error("spreadsheet worker failed", { error: error.message });
        settle(TOO_COMPLEX, false);
      };
      const onExit = () => settle(TOO_COMPLEX, false);
      // The clock starts when the worker can read: its start-up is not the file's fault.
      const timer = setTimeout(() => settle(TOO_COMPLEX, false), this.limits.timeoutMs);
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      void slot.ready.then((ok) => {
        if (!ok) return settle(TOO_COMPLEX, false);
        timer.refresh();
        worker.postMessage({ id, ...job }, [job.bytes]);
      });
    });
  }

  /** Stops every worker (server shutdown). */
  async close(): Promise<void> {
    for (const slot of this.idle.splice(0)) clearTimeout(slot.idleTimer);
    await Promise.all([...this.all].map((w) => w.terminate()));
  }
}
