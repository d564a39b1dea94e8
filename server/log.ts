/** One-line structured log records. Never pass document content or passwords. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

let silent = false;
export function setLogSilent(value: boolean): void {
  silent = value;
}

function write(level: "info" | "warn" | "error", msg: string, fields: LogFields = {}): void {
  if (silent && level === "info") return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (level === "info") console.info(line);
  else if (level === "warn") console.warn(line);
  else console.error(line);
}

export const log = {
  info: (msg: string, fields?: LogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => write("error", msg, fields),
};
