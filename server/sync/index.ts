import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { readSessionToken, validateSessionToken } from "~/services/auth.server";
import type { AppServices } from "~/services/context.server";
import { refuseUpgrade } from "../upgrade";

export interface SyncServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Foundation-stage sync endpoint: authenticates the upgrade and refuses it, since no
 * document exists yet. The live-editing work replaces the body with the y-protocols server.
 */
export function attachSyncServer(services: AppServices): SyncServer {
  return {
    async handleUpgrade(req, socket) {
      const token = readSessionToken(req.headers.cookie);
      const auth = token ? await validateSessionToken(services.db, token) : null;
      refuseUpgrade(socket, auth ? 404 : 401);
    },
    async close() {},
  };
}
