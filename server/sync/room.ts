import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import type { DB } from "../../db/connect";
import * as docs from "../../db/repositories/docs";
import { newId, nowIso } from "~/services/ids.server";
import { log } from "../log";
import { insertsControlCharacter } from "./content";
import { DOC_FIELD } from "./doc-names";
import type { SyncMetrics } from "./metrics";
import type { UpdateWriter } from "./update-writer";
import { encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeSyncStep2, encodeUpdate, type AwarenessEntry } from "./protocol";

/** Who is at the other end of one connection, as a room sees them. */
export interface Peer {
  readonly id: number;
  readonly userId: string;
  readonly sessionId: string;
  readonly planId: string;
  /** Presence data the server vouches for; overwrites whatever the client claims. */
  readonly user: { id: string; name: string; sector: string; color: string };
  readOnly: boolean;
  /** Awareness client ids this connection has claimed (first come, first served). */
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  /** Compact the log into a snapshot once this many updates follow it. */
  compactEvery: number;
  /** Keep an automatic version after this long without edits. */
  versionIdleMs: number;
  /** Unload a document this long after its last client left. */
  unloadGraceMs: number;
}

interface Captured {
  update: Uint8Array;
  origin: Peer | null;
  authorId: string | null;
}

const MAX_AWARENESS_IDS_PER_PEER = 4;

/**
 * One document in memory with its connections. Every change goes through one serial queue:
 * apply → write to the database → relay. A sync answer waits in the same queue, so no client
 * is ever sent state that is not yet stored: a crash loses nothing anyone has received.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly peers = new Set<Peer>();
  private seq = 0;
  private snapshotSeq = 0;
  private lastVersionSeq = 0;
  private readonly clientOwners = new Map<number, string>();
  private readonly awarenessOwners = new Map<number, Peer>();
  private chain: Promise<unknown> = Promise.resolve();
  /** The whole state, encoded, until the document next changes: every joining client needs it. */
  private fullState: Uint8Array | null = null;
  private incoming: Array<{ peer: Peer; update: Uint8Array }> = [];
  private flushQueued = false;
  private versionTimer: NodeJS.Timeout | null = null;
  private unloadTimer: NodeJS.Timeout | null = null;
  /** Upgrades in progress that will join: the room must not unload under them. */
  holds = 0;
  state: "open" | "closing" | "closed" = "open";
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor(
    readonly name: string,
    private readonly db: DB,
    private readonly writer: UpdateWriter,
    private readonly metrics: SyncMetrics,
    private readonly options: RoomOptions,
    private readonly onUnloaded: (room: Room) => void,
  ) {
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed));
      for (const peer of this.peers) peer.send(message);
    });
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    // afterTransaction, not "update" (an "update" listener makes Yjs encode every change); and
    // only a transaction that changed something: every joining writer sends a sync step 2, most
    // of them empty, and those must not throw away the encoding the next joiner needs.
    this.doc.on("afterTransaction", (tr: Y.Transaction) => {
      if (tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock)) this.fullState = null;
    });
  }

  /** Reads the snapshot and the updates after it; the document is then exactly what is stored. */
  static async load(name: string, db: DB, writer: UpdateWriter, metrics: SyncMetrics, options: RoomOptions, onUnloaded: (room: Room) => void): Promise<Room> {
    const room = new Room(name, db, writer, metrics, options, onUnloaded);
    const stored = await docs.loadDocState(db, name);
    // Applied one by one (Y.mergeUpdates is quadratic on long logs: 20 s for 10,000 rows), but in
    // one transaction, so Yjs merges and cleans up once rather than after every logged update.
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot.bytes);
      for (const u of stored.updates) Y.applyUpdate(room.doc, u.bytes);
    });
    // A snapshot with nothing logged after it is the whole state, already encoded.
    if (stored.snapshot && stored.updates.length === 0) room.fullState = stored.snapshot.bytes;
    room.snapshotSeq = stored.snapshot?.seq ?? 0;
    room.seq = stored.updates.at(-1)?.seq ?? room.snapshotSeq;
    room.lastVersionSeq = Math.max(stored.lastVersionSeq, 0);
    for (const c of stored.clients) room.clientOwners.set(c.clientId, c.userId);
    metrics.documentsLoaded++;
    metrics.documentLoadsTotal++;
    return room;
  }

  /** Runs `work` after everything queued before it; errors are returned to the caller only. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    // Writers get our state vector so they send what we lack (edits made offline).
    if (!peer.readOnly) peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    const ids = [...peer.awarenessIds].filter((id) => this.awarenessOwners.get(id) === peer);
    for (const id of ids) this.awarenessOwners.delete(id);
    if (ids.length > 0) removeAwarenessStates(this.awareness, ids, null);
    if (this.peers.size === 0 && this.holds === 0) this.scheduleUnload();
  }

  scheduleUnload(): void {
    if (this.unloadTimer || this.state !== "open") return;
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null;
      void this.unload().catch((error: unknown) => log.error("sync unload failed", { doc: this.name, error: String(error) }));
    }, this.options.unloadGraceMs);
    this.unloadTimer.unref();
  }

  /** Answers a client's state vector with what it lacks, after every queued write. */
  answerSyncStep1(peer: Peer, stateVector: Uint8Array): Promise<void> {
    return this.run(() => {
      if (!this.peers.has(peer)) return;
      let diff: Uint8Array;
      try {
        // A new client (empty state vector) gets the whole state: encoded once per change.
        diff = Y.decodeStateVector(stateVector).size === 0 ? this.encodeState() : Y.encodeStateAsUpdate(this.doc, stateVector);
      } catch {
        peer.close(1002, "malformed state vector");
        return;
      }
      peer.send(encodeSyncStep2(diff));
    });
  }

  /** Queues a writer's update; consecutive updates are stored in one transaction. */
  receiveUpdate(peer: Peer, update: Uint8Array): void {
    this.incoming.push({ peer, update });
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.run(() => this.flush()).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.incoming.splice(0);
    if (this.state === "closed") return;
    const captured = this.capture(() => {
      for (const { peer, update } of batch) {
        try {
          if (insertsControlCharacter(update)) {
            // Refused whole, before it touches the document; the peer's editor drops control
            // characters when pasting, so only a hand-made client gets here.
            peer.close(1007, "control character in text");
            continue;
          }
          Y.applyUpdate(this.doc, update, peer);
        } catch {
          peer.close(1002, "malformed update");
        }
      }
    });
    await this.persistAndRelay(captured);
  }

  /** Runs `change` and returns the document updates it produced, each with its origin. */
  private capture(change: () => void): Captured[] {
    const captured: Captured[] = [];
    const listener = (update: Uint8Array, origin: unknown) => {
      const peer = origin && this.peers.has(origin as Peer) ? (origin as Peer) : null;
      captured.push({ update, origin: peer, authorId: peer?.userId ?? (typeof origin === "string" ? origin : null) });
    };
    this.doc.on("update", listener);
    try {
      change();
    } finally {
      this.doc.off("update", listener);
    }
    return captured;
  }

  private async persistAndRelay(captured: Captured[]): Promise<void> {
    if (captured.length === 0) return;
    const rows = captured.map((c) => ({ seq: ++this.seq, bytes: c.update, authorId: c.authorId }));
    const newClients: Array<{ clientId: number; userId: string }> = [];
    for (const c of captured) {
      if (!c.authorId) continue;
      for (const clientId of Y.parseUpdateMeta(c.update).from.keys()) {
        if (this.clientOwners.has(clientId)) continue;
        this.clientOwners.set(clientId, c.authorId);
        newClients.push({ clientId, userId: c.authorId });
      }
    }
    try {
      const at = nowIso();
      await this.writer.write(
        rows.map((r) => ({ ...r, doc: this.name, at })),
        newClients.map((c) => ({ ...c, doc: this.name })),
      );
    } catch (error) {
      // The document in memory now holds edits the database does not: drop it, so that
      // every client reconnects to what is stored and resends what it has.
      log.error("sync store failed", { doc: this.name, error: String(error) });
      this.destroy(1011, "storage failure");
      throw error;
    }
    this.metrics.stored(rows.length, rows.reduce((n, r) => n + r.bytes.byteLength, 0));
    for (const c of captured) {
      const message = encodeUpdate(c.update);
      for (const peer of this.peers) if (peer !== c.origin) peer.send(message);
    }
    // Restarting the one timer (refresh) is far cheaper than a new timer per update.
    if (this.versionTimer) this.versionTimer.refresh();
    else {
      this.versionTimer = setTimeout(() => {
        this.versionTimer = null;
        void this.run(() => this.autoVersion()).catch(() => undefined);
      }, this.options.versionIdleMs);
      this.versionTimer.unref();
    }
    if (this.seq - this.snapshotSeq >= this.options.compactEvery) await this.compact();
  }

  /** Presence from a client, with the user fields replaced by the server's own knowledge. */
  receiveAwareness(peer: Peer, entries: AwarenessEntry[]): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner && owner !== peer) continue;
      if (!owner) {
        if (peer.awarenessIds.size >= MAX_AWARENESS_IDS_PER_PEER) continue;
        this.awarenessOwners.set(entry.clientId, peer);
        peer.awarenessIds.add(entry.clientId);
      }
      accepted.push(entry.state ? { ...entry, state: { ...entry.state, user: peer.user } } : entry);
    }
    if (accepted.length === 0) return;
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), peer);
  }

  /** Keeps a version (named or automatic) of the current state, with who edited since the last one. */
  createVersion(name: string | null, userId: string | null): Promise<string> {
    return this.run(() => this.writeVersion(name, userId));
  }

  private async autoVersion(): Promise<void> {
    if (this.state === "closed" || this.seq <= this.lastVersionSeq) return;
    await this.writeVersion(null, null);
  }

  private async writeVersion(name: string | null, userId: string | null): Promise<string> {
    const authors = await docs.authorsSince(this.db, this.name, this.lastVersionSeq);
    const id = newId();
    await docs.insertDocVersion(this.db, {
      id,
      doc: this.name,
      seq: this.seq,
      name,
      auto: name === null,
      bytes: this.encodeState(),
      authors,
      createdAt: nowIso(),
      createdBy: userId,
    });
    this.lastVersionSeq = this.seq;
    this.metrics.versionsWritten++;
    return id;
  }

  /**
   * Replaces the content with an old version's, as one new change by `userId` that every
   * client receives live. History is kept: the restore is itself a change after the version.
   */
  restore(versionState: Uint8Array, userId: string): Promise<void> {
    return this.run(async () => {
      if (this.state === "closed") throw new Error("document closed");
      const old = new Y.Doc();
      Y.applyUpdate(old, versionState);
      const source = old.getXmlFragment(DOC_FIELD);
      const target = this.doc.getXmlFragment(DOC_FIELD);
      const captured = this.capture(() => {
        this.doc.transact(() => {
          if (target.length > 0) target.delete(0, target.length);
          const copies = source.toArray().map((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? node.clone() : null));
          target.insert(0, copies.filter((n): n is Y.XmlElement | Y.XmlText => n !== null));
        }, userId);
      });
      old.destroy();
      await this.persistAndRelay(captured);
    });
  }

  /** Folds the log into one snapshot; first keeps a version, so the log's authors are not lost. */
  private async compact(): Promise<void> {
    if (this.seq === this.snapshotSeq) return;
    if (this.seq > this.lastVersionSeq) await this.writeVersion(null, null);
    await docs.writeSnapshot(this.db, this.name, this.seq, this.encodeState(), nowIso());
    this.snapshotSeq = this.seq;
    this.metrics.snapshotsWritten++;
  }

  /** Compacts and frees the document once no client is left (or at shutdown, closing them). */
  unload(force = false): Promise<void> {
    return this.run(async () => {
      if (this.state !== "open") return;
      if (!force && (this.peers.size > 0 || this.holds > 0)) return;
      this.state = "closing";
      try {
        await this.autoVersion();
        await this.compact();
      } finally {
        this.destroy(1001, "server shutting down");
      }
    });
  }

  /** Drops the document from memory and closes every connection to it. */
  destroy(code: number, reason: string): void {
    if (this.state === "closed") return;
    this.state = "closed";
    if (this.versionTimer) clearTimeout(this.versionTimer);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    for (const peer of [...this.peers]) peer.close(code, reason);
    this.peers.clear();
    this.awareness.destroy();
    this.doc.destroy();
    this.metrics.documentsLoaded--;
    this.onUnloaded(this);
    this.markClosed();
  }

  /** Which user wrote each Yjs client id (for attribution in history). */
  clientOwnerMap(): Map<number, string> {
    return new Map(this.clientOwners);
  }

  /** The whole stored state; call inside `run` so it never includes unstored edits. */
  encodeState(): Uint8Array {
    return (this.fullState ??= Y.encodeStateAsUpdate(this.doc));
  }

  /** Answers a client's "who is here?" with every known presence. */
  addPeerAwareness(peer: Peer): void {
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
  }
}
