import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * The y-websocket wire protocol (y-protocols sync + awareness), decoded strictly: anything
 * truncated, unknown or followed by trailing bytes is a ProtocolError, and the connection that
 * sent it is closed. Nothing here touches a document.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "update"; update: Uint8Array; step2: boolean }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" };

export class ProtocolError extends Error {
  constructor(
    /** 1002 protocol error (malformed), 1003 unsupported data (unknown type, text frame). */
    readonly closeCode: 1002 | 1003,
    message: string,
  ) {
    super(message);
  }
}

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  try {
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SYNC_STEP1) message = { type: "sync-step1", stateVector: payload };
      else if (step === SYNC_STEP2 || step === SYNC_UPDATE) message = { type: "update", update: payload, step2: step === SYNC_STEP2 };
      else throw new ProtocolError(1003, "unknown sync step");
    } else if (type === MESSAGE_AWARENESS) {
      message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { type: "query-awareness" };
    } else {
      throw new ProtocolError(1003, "unknown message type");
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError(1002, "trailing bytes");
    return message;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(1002, "truncated or malformed message");
  }
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** Parsed JSON state; null = the client left. */
  state: Record<string, unknown> | null;
}

/** An awareness update (y-protocols/awareness format) → its entries; throws ProtocolError. */
export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > maxStateBytes) throw new ProtocolError(1002, "awareness state too large");
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) throw new ProtocolError(1002, "awareness state not an object");
      if (clientId > 0xffffffff) throw new ProtocolError(1002, "awareness client id out of range");
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError(1002, "trailing bytes in awareness");
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(1002, "malformed awareness update");
  }
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}
