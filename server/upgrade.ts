import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";

/** Answers an HTTP upgrade with a plain status and closes the socket; it never becomes a WebSocket. */
export function refuseUpgrade(socket: Duplex, status: number, extraHeaders: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const reason = STATUS_CODES[status] ?? "Error";
  const headers = { Connection: "close", "Content-Type": "text/plain", "Content-Length": String(Buffer.byteLength(reason)), ...extraHeaders };
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      `\r\n${reason}`,
  );
}

export function upgradePath(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}
