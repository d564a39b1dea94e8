/**
 * The reference for `npm run bench:sync`: a minimal y-websocket server as the y-websocket
 * project ships it (in-memory documents, no authentication, no persistence, every update
 * broadcast to every connection of the room). Run as its own process so its CPU is measurable.
 */
import http from "node:http";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocketServer, type WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

class Room extends Y.Doc {
  conns = new Map<WebSocket, Set<number>>();
  awareness = new awarenessProtocol.Awareness(this);
  constructor() {
    super({ gc: true });
    this.awareness.setLocalState(null);
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, conn: WebSocket | null) => {
      const changed = [...added, ...updated, ...removed];
      if (conn) {
        const ids = this.conns.get(conn);
        if (ids) {
          for (const id of added) ids.add(id);
          for (const id of removed) ids.delete(id);
        }
      }
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      const buf = encoding.toUint8Array(e);
      for (const c of this.conns.keys()) send(c, buf);
    });
    this.on("update", (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      const buf = encoding.toUint8Array(e);
      for (const c of this.conns.keys()) send(c, buf);
    });
  }
}

const rooms = new Map<string, Room>();

function send(conn: WebSocket, message: Uint8Array) {
  if (conn.readyState !== conn.OPEN) return;
  conn.send(message);
}

const wss = new WebSocketServer({ noServer: true });
wss.on("connection", (conn: WebSocket, name: string) => {
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Room()));
  const r = room;
  r.conns.set(conn, new Set());
  conn.binaryType = "arraybuffer";
  conn.on("message", (data: ArrayBuffer) => {
    try {
      const encoder = encoding.createEncoder();
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, r, conn);
        if (encoding.length(encoder) > 1) send(conn, encoding.toUint8Array(encoder));
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(r.awareness, decoding.readVarUint8Array(decoder), conn);
      }
    } catch (error) {
      console.error(error);
    }
  });
  conn.on("close", () => {
    const ids = r.conns.get(conn);
    r.conns.delete(conn);
    if (ids) awarenessProtocol.removeAwarenessStates(r.awareness, [...ids], null);
  });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, r);
  send(conn, encoding.toUint8Array(e));
  const states = [...r.awareness.getStates().keys()];
  if (states.length > 0) {
    const a = encoding.createEncoder();
    encoding.writeVarUint(a, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(a, awarenessProtocol.encodeAwarenessUpdate(r.awareness, states));
    send(conn, encoding.toUint8Array(a));
  }
});

const server = http.createServer((_req, res) => res.end("reference"));
server.on("upgrade", (req, socket, head) => {
  const name = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/sync\//, "");
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, name));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.info(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
// Exit normally on SIGTERM, so that `--cpu-prof` (BENCH_CPU_PROFILE) can write its profile.
process.once("SIGTERM", () => process.exit(0));
