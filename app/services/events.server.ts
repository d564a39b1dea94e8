import { EventEmitter } from "node:events";

/**
 * The in-process announcements that tie HTTP-side changes to live connections.
 * Services emit after their transaction commits; the sync server and the plan event
 * stream listen. One instance per server process, created in `server/index.ts`.
 */
export interface AppEventMap {
  /** Sessions that no longer exist (sign-out, password change, admin action). */
  "sessions-ended": { userId: string; sessionIds: string[] | "all" };
  /** A user's membership of a plan was added, changed (role, organisation) or removed. */
  "membership-changed": { planId: string; userId: string };
  /** Structured data of a plan changed; open pages of the plan revalidate. */
  "plan-changed": { planId: string; entity: string; entityId: string | null; actorId: string | null };
}

export class AppEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open page of a plan and every sync room may subscribe.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends keyof AppEventMap>(name: K, payload: AppEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof AppEventMap>(name: K, listener: (payload: AppEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
