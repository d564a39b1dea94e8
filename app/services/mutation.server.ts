import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { appendAudit, type AuditRecord } from "../../db/repositories/audit";
import type { AppServices } from "./context.server";
import type { AppEventMap } from "./events.server";
import { newId } from "./ids.server";

export interface Mutation {
  trx: Transaction<Database>;
  /** Appends an audit row in this transaction. */
  audit(record: AuditRecord): Promise<void>;
  /** Queues an announcement; it is emitted only if the transaction commits. */
  emit<K extends keyof AppEventMap>(name: K, payload: AppEventMap[K]): void;
}

/**
 * The one way services change data: one transaction, audit rows inside it, and events
 * announced after it commits (so no live page revalidates against a rolled-back change).
 */
export async function mutate<T>(services: AppServices, work: (m: Mutation) => Promise<T>): Promise<T> {
  const pending: Array<() => void> = [];
  const result = await services.db.transaction().execute((trx) =>
    work({
      trx,
      audit: (record) => appendAudit(trx, newId(), record),
      emit: (name, payload) => pending.push(() => services.events.emit(name, payload)),
    }),
  );
  for (const announce of pending) announce();
  return result;
}

/** A refusal a user can fix: which field, which catalogue message, which HTTP status. */
export class ServiceError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
    readonly status = 400,
  ) {
    super(messageKey);
  }
}
