/**
 * A tiny browser stand-in for integration tests: keeps the session cookie, sends the app's
 * Origin on writes (as a browser would), and never follows redirects so tests can see them.
 */
export class TestClient {
  cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader);
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD" && init.origin !== null) headers.set("origin", init.origin ?? this.origin);
    if (!headers.has("user-agent")) headers.set("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 TaskforceTest");
    const res = await fetch(this.origin + path, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, ...v] = pair!.split("=");
      const value = v.join("=");
      if (/Max-Age=0/i.test(c) || value === "") this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return res;
  }

  get(path: string, init: RequestInit = {}) {
    return this.request(path, init);
  }

  /** Posts a form, as `<Form method="post">` does. */
  post(path: string, fields: Record<string, string | string[]>, init: RequestInit & { origin?: string | null } = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, { ...init, method: "POST", body });
  }

  async login(email: string, password: string): Promise<Response> {
    const res = await this.post("/login", { email, password });
    if (res.status !== 302 && res.status !== 204) throw new Error(`login failed for ${email}: ${res.status}`);
    return res;
  }
}

/** Remix single-fetch redirects from actions arrive as 204 + X-Remix-Redirect; documents as 302. */
export function redirectLocation(res: Response): string | null {
  return res.headers.get("location") ?? res.headers.get("x-remix-redirect");
}
