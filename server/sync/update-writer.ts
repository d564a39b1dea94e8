import type { DB } from "../../db/connect";
import { appendDocLog, type DocClientRow, type DocLogRow } from "../../db/repositories/docs";

interface Pending {
  updates: DocLogRow[];
  clients: DocClientRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the update log. Every room's updates that arrive in one turn of the event
 * loop (all the socket reads of one poll phase) are stored in one statement, instead of one
 * commit per update: on SQLite the commit, not the row, is what costs. Rooms still await their
 * write before relaying, so nothing is sent that is not stored. A failed write fails every room
 * in the batch; each then drops its document and its clients resend (see Room.persistAndRelay).
 */
export class UpdateWriter {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: DB) {}

  write(updates: DocLogRow[], clients: DocClientRow[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ updates, clients, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate runs after the poll phase, so the reads of every socket ready now join this batch.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    try {
      await appendDocLog(
        this.db,
        batch.flatMap((p) => p.updates),
        batch.flatMap((p) => p.clients),
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve();
  }
}
