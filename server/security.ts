import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { hasControlCharacter } from "~/utils/plain-text";
import type { Config } from "./config";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Default body limit; file imports get more. Remix reads bodies itself, so we cap them here. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const UPLOAD_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const UPLOAD_PATH = /\/import$/;

export function isSameOrigin(originHeader: string | undefined, config: Config): boolean {
  return originHeader !== undefined && originHeader === config.appOrigin;
}

/** Every state-changing request must come from a page of our own origin (CSRF defence). */
export function originGuard(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || isSameOrigin(req.headers.origin, config)) return next();
    res.status(403).type("text/plain").send("Forbidden: this request did not come from Taskforce's own pages.");
  };
}

/**
 * The host a request was addressed to, as Remix reads it for its own CSRF check: the first
 * X-Forwarded-Host, else Host. X-Forwarded-Host is a client's word unless a proxy we trust set it,
 * so without TRUST_PROXY it is removed before anything reads it.
 */
function addressedHost(req: Request, config: Config): string | undefined {
  if (!config.trustProxy) delete req.headers["x-forwarded-host"];
  const forwarded = req.headers["x-forwarded-host"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || req.headers.host;
}

/**
 * A state-changing request must be addressed to APP_ORIGIN's host. Remix compares the Origin
 * with it and throws when they differ (HTTP 500); the Origin is already APP_ORIGIN here
 * (originGuard), so the same comparison made first answers 400 with what to configure.
 */
export function hostGuard(config: Config) {
  const expected = new URL(config.appOrigin).host;
  return (req: Request, res: Response, next: NextFunction) => {
    const host = addressedHost(req, config);
    if (SAFE_METHODS.has(req.method) || host === expected) return next();
    res
      .status(400)
      .type("text/plain")
      .send(
        `Bad Request: this server answers as APP_ORIGIN=${config.appOrigin}, and this request was addressed to another host. Behind a proxy that rewrites the Host header, set TRUST_PROXY=1 and have the proxy send X-Forwarded-Host.`,
      );
  };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * An address whose path or query holds a control character (`?q=%00`, `/plans/%00`) is refused
 * with 400 before any route reads it: every loader would otherwise hand it to the database, and
 * PostgreSQL answers NUL in text with an error (HTTP 500).
 */
export function urlGuard() {
  return (req: Request, res: Response, next: NextFunction) => {
    const url = new URL(req.originalUrl, "http://localhost");
    const parts = [decoded(url.pathname), ...[...url.searchParams].flat()];
    if (!parts.some(hasControlCharacter)) return next();
    res.status(400).type("text/plain").send("Bad Request: the address holds a control character.");
  };
}

export function bodyLimit() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const limit = UPLOAD_PATH.test(req.path) ? UPLOAD_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES;
    const length = req.headers["content-length"];
    if (length === undefined) {
      if (req.headers["transfer-encoding"]) {
        res.status(411).type("text/plain").send("Length Required");
        return;
      }
      return next();
    }
    if (!/^\d+$/.test(length) || Number(length) > limit) {
      res.status(413).type("text/plain").send(`Payload Too Large: the limit is ${Math.round(limit / 1024)} KiB.`);
      return;
    }
    next();
  };
}

export function cspNonce() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
}

export function securityHeaders(config: Config) {
  const wsOrigin = config.appOrigin.replace(/^http/, "ws");
  const dev = !config.production;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req: IncomingMessage, res) => `'nonce-${(res as Response).locals.cspNonce}'`,
          // Vite's dev client injects its own scripts; production never does.
          ...(dev ? ["'unsafe-inline'"] : []),
        ],
        // ProseMirror and caret colours set style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", wsOrigin, ...(dev ? ["ws:"] : [])],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.appOrigin.startsWith("https:") ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Same-origin pages only; strict-origin-when-cross-origin leaks no plan paths to other sites.
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: config.appOrigin.startsWith("https:"),
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  });
}

/**
 * The client's address. Behind the trusted proxy it is the LAST X-Forwarded-For entry, the one the
 * proxy added: a proxy that appends keeps whatever the client sent in front of it, so the first
 * entry is the client's own word (and throttling by address could be dodged by changing it).
 */
export function clientAddress(req: IncomingMessage, config: Config): string {
  if (config.trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const last = (Array.isArray(forwarded) ? forwarded.at(-1) : forwarded)?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}
