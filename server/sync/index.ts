import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { sectorColour } from "~/collab/presence";
import type { DocAccess } from "~/domain/policy";
import { readSessionToken, validateSessionToken } from "~/services/auth.server";
import type { AppServices } from "~/services/context.server";
import { log } from "../log";
import { refuseUpgrade } from "../upgrade";
import { resolveDocAccess } from "./access";
import { parseDocName, type DocRef } from "./doc-names";
import { SyncMetrics } from "./metrics";
import { decodeAwarenessUpdate, decodeClientMessage, ProtocolError } from "./protocol";
import { Room, type Peer, type RoomOptions } from "./room";
import { UpdateWriter } from "./update-writer";

export interface SyncLimits {
  /** Largest message accepted; a larger one closes the connection with 1009. */
  maxMessageBytes: number;
  /** Token bucket per connection: sustained messages per second and burst size. */
  messagesPerSecond: number;
  messageBurst: number;
  /** A client that does not drain this much queued output is disconnected. */
  maxBufferedBytes: number;
  maxAwarenessStateBytes: number;
}

export interface SyncOptions extends RoomOptions, SyncLimits {}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 60,
  messageBurst: 600,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxAwarenessStateBytes: 16 * 1024,
  compactEvery: 500,
  versionIdleMs: 60_000,
  unloadGraceMs: 15_000,
};

/** Close codes. 44xx are permanent for y-websocket clients (they stop reconnecting). */
export const CLOSE = {
  goingAway: 1001,
  protocol: 1002,
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
  serverError: 1011,
  tryLater: 1013,
  /** Role, organisation or resource changed: reconnect and get the new access. */
  accessChanged: 4009,
  sessionEnded: 4401,
  accessRevoked: 4403,
} as const;

/** Versions and restores, for the history routes (they check access themselves). */
export interface SyncDocuments {
  createVersion(doc: string, name: string | null, userId: string): Promise<string>;
  restoreVersion(doc: string, state: Uint8Array, userId: string): Promise<void>;
  /** The current state of a document (loaded from the database if no one has it open). */
  currentState(doc: string): Promise<Uint8Array>;
  /** Which user wrote each Yjs client id seen in a document. */
  clientOwners(doc: string): Promise<Map<number, string>>;
}

export interface SyncServer extends SyncDocuments {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): Promise<void>;
  readonly metrics: SyncMetrics;
  close(): Promise<void>;
}

interface Connection extends Peer {
  readonly ws: WebSocket;
  readonly room: Room;
  readonly ref: DocRef;
  access: DocAccess;
  tokens: number;
  lastRefill: number;
  closed: boolean;
}

let nextConnectionId = 1;

/**
 * The y-websocket endpoint at /sync/<docName>: authenticates every upgrade with the session
 * cookie, asks the policy for none / read / write, then serves the document through a Room.
 * Listens to membership, plan and session events and closes (or re-checks) live connections.
 */
export function attachSyncServer(services: AppServices, overrides: Partial<SyncOptions> = {}): SyncServer {
  const options: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...overrides };
  const { db, events } = services;
  const metrics = new SyncMetrics();
  const writer = new UpdateWriter(db);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room>>();
  const connections = new Set<Connection>();
  let closing = false;

  /** The open room for a document, loading it if needed; the caller holds it until it joins. */
  async function acquire(name: string): Promise<Room> {
    for (;;) {
      const room = rooms.get(name);
      if (room && room.state === "open") {
        room.holds++;
        return room;
      }
      if (room) {
        await room.closed;
        continue;
      }
      let pending = loading.get(name);
      if (!pending) {
        pending = Room.load(name, db, writer, metrics, options, (r) => {
          if (rooms.get(r.name) === r) rooms.delete(r.name);
        }).finally(() => loading.delete(name));
        loading.set(name, pending);
        const loaded = await pending;
        rooms.set(name, loaded);
      } else {
        await pending;
      }
    }
  }

  function release(room: Room): void {
    room.holds--;
    if (room.peers.size === 0 && room.holds === 0) room.scheduleUnload();
  }

  function refuse(socket: Duplex, status: number, reason: string, doc?: string): void {
    metrics.refused(reason);
    log.info("sync refused", { status, reason, doc });
    refuseUpgrade(socket, status);
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): Promise<void> {
    try {
      if (closing) return refuse(socket, 503, "shutting-down");
      const name = pathname.slice("/sync/".length);
      const ref = parseDocName(name);
      if (!ref) return refuse(socket, 404, "bad-name");
      const token = readSessionToken(req.headers.cookie);
      const auth = token ? await validateSessionToken(db, token) : null;
      if (!auth) return refuse(socket, 401, "no-session", name);
      const resolved = await resolveDocAccess(db, auth.user.id, ref);
      if (resolved.access === "none" || !resolved.member) return refuse(socket, 404, "no-access", name);
      const room = await acquire(name);
      if (socket.destroyed || closing) {
        release(room);
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = connect(ws, room, ref, {
          userId: auth.user.id,
          sessionId: auth.session.id,
          name: auth.user.name,
          sector: resolved.member!.sector,
          access: resolved.access,
        });
        release(room);
        log.info("sync connect", { conn: connection.id, doc: name, user: auth.user.id, access: resolved.access });
      });
    } catch (error) {
      log.error("sync upgrade failed", { error: String(error) });
      if (!socket.destroyed) refuse(socket, 500, "server-error");
    }
  }

  function connect(ws: WebSocket, room: Room, ref: DocRef, who: { userId: string; sessionId: string; name: string; sector: string; access: DocAccess }): Connection {
    const connection: Connection = {
      id: nextConnectionId++,
      ws,
      room,
      ref,
      userId: who.userId,
      sessionId: who.sessionId,
      planId: ref.planId,
      user: { id: who.userId, name: who.name, sector: who.sector, color: sectorColour(who.sector) },
      access: who.access,
      readOnly: who.access !== "write",
      awarenessIds: new Set(),
      tokens: options.messageBurst,
      lastRefill: Date.now(),
      closed: false,
      send(message) {
        if (connection.closed || ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > options.maxBufferedBytes) return connection.close(CLOSE.tryLater, "too slow");
        metrics.messagesSent++;
        ws.send(message);
      },
      close(code, reason) {
        if (connection.closed) return;
        connection.closed = true;
        try {
          ws.close(code, reason);
        } catch {
          ws.terminate();
        }
        // A peer that never answers the close handshake is cut after a second.
        setTimeout(() => ws.terminate(), 1000).unref();
        detach(connection, code);
      },
    };
    connections.add(connection);
    metrics.connectionsOpen++;
    metrics.connectionsTotal++;
    let alive = true;
    ws.on("pong", () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ping.unref();
    ws.on("message", (data, isBinary) => onMessage(connection, data, isBinary));
    ws.on("error", () => undefined);
    ws.on("close", (code) => {
      clearInterval(ping);
      if (code === CLOSE.tooBig) log.info("sync message too large", { conn: connection.id });
      detach(connection, code);
    });
    room.addPeer(connection);
    return connection;
  }

  function detach(connection: Connection, code: number): void {
    if (!connections.delete(connection)) return;
    connection.closed = true;
    metrics.connectionsOpen--;
    metrics.closed(code);
    connection.room.removePeer(connection);
    log.info("sync disconnect", { conn: connection.id, doc: connection.room.name, code });
  }

  function onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.closed) return;
    metrics.messagesReceived++;
    if (!isBinary) return connection.close(CLOSE.unsupported, "binary messages only");
    const now = Date.now();
    connection.tokens = Math.min(options.messageBurst, connection.tokens + ((now - connection.lastRefill) / 1000) * options.messagesPerSecond);
    connection.lastRefill = now;
    if (connection.tokens < 1) {
      log.warn("sync rate limit", { conn: connection.id, user: connection.userId });
      return connection.close(CLOSE.policy, "rate limit");
    }
    connection.tokens -= 1;
    const bytes = toBytes(data);
    try {
      const message = decodeClientMessage(bytes);
      switch (message.type) {
        case "sync-step1":
          void connection.room.answerSyncStep1(connection, message.stateVector).catch(() => undefined);
          return;
        case "update":
          // Read-only: the update is dropped, never stored or relayed.
          if (connection.readOnly) {
            metrics.updatesDropped++;
            return;
          }
          connection.room.receiveUpdate(connection, message.update);
          return;
        case "awareness":
          connection.room.receiveAwareness(connection, decodeAwarenessUpdate(message.update, options.maxAwarenessStateBytes));
          return;
        case "query-awareness":
          connection.room.addPeerAwareness(connection);
          return;
      }
    } catch (error) {
      if (error instanceof ProtocolError) {
        log.info("sync protocol error", { conn: connection.id, reason: error.message });
        return connection.close(error.closeCode, error.message);
      }
      log.error("sync message failed", { conn: connection.id, error: String(error) });
      connection.close(CLOSE.serverError, "server error");
    }
  }

  /** Re-asks the policy for every live connection of a user (or everyone) in a plan. */
  async function recheck(planId: string, userId: string | null): Promise<void> {
    const affected = [...connections].filter((c) => c.planId === planId && (userId === null || c.userId === userId));
    for (const c of affected) {
      try {
        const { access } = await resolveDocAccess(db, c.userId, c.ref);
        if (c.closed || access === c.access) continue;
        if (access === "none") c.close(CLOSE.accessRevoked, "access revoked");
        else c.close(CLOSE.accessChanged, "access changed");
        log.info("sync access changed", { conn: c.id, user: c.userId, from: c.access, to: access });
      } catch (error) {
        log.error("sync recheck failed", { error: String(error) });
      }
    }
  }

  const planTimers = new Map<string, NodeJS.Timeout>();
  const unsubscribe = [
    events.on("membership-changed", ({ planId, userId }) => void recheck(planId, userId)),
    // Lead sectors, assignments, archiving: any plan change may change access. Coalesced.
    events.on("plan-changed", ({ planId }) => {
      if (planTimers.has(planId) || ![...connections].some((c) => c.planId === planId)) return;
      planTimers.set(
        planId,
        setTimeout(() => {
          planTimers.delete(planId);
          void recheck(planId, null);
        }, 100),
      );
    }),
    events.on("sessions-ended", ({ userId, sessionIds }) => {
      for (const c of [...connections]) {
        if (c.userId === userId && (sessionIds === "all" || sessionIds.includes(c.sessionId))) c.close(CLOSE.sessionEnded, "session ended");
      }
    }),
  ];

  /** A room for a route's one-off operation; it unloads after the grace period if no one joins. */
  async function withRoom<T>(doc: string, work: (room: Room) => Promise<T>): Promise<T> {
    if (!parseDocName(doc)) throw new Error("invalid document name");
    const room = await acquire(doc);
    try {
      return await work(room);
    } finally {
      release(room);
    }
  }

  const server: SyncServer = {
    metrics,
    handleUpgrade,
    createVersion: (doc, name, userId) => withRoom(doc, (room) => room.createVersion(name, userId)),
    restoreVersion: (doc, state, userId) => withRoom(doc, (room) => room.restore(state, userId)),
    currentState: (doc) => withRoom(doc, (room) => room.run(() => room.encodeState())),
    clientOwners: (doc) => withRoom(doc, async (room) => room.clientOwnerMap()),
    async close() {
      closing = true;
      for (const off of unsubscribe) off();
      for (const t of planTimers.values()) clearTimeout(t);
      await Promise.allSettled([...loading.values()]);
      await Promise.allSettled([...rooms.values()].map((room) => room.unload(true)));
      for (const c of [...connections]) c.close(CLOSE.goingAway, "server shutting down");
      wss.close();
    },
  };
  services.sync = server;
  return server;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
