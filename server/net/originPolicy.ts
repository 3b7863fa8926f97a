// Which browser pages may open a connection. Browsers always send an Origin header with a
// WebSocket handshake and a cross-site POST, and a page cannot forge it, so checking it
// stops other sites from using a visitor's browser to play or flood (cross-site WebSocket
// hijacking). Programs that are not browsers (load bots, SDK clients in Node) send none and
// could forge one anyway, so a missing Origin is allowed: the other limits apply to them.
import type { Result } from "../../shared/protocol.ts";

export interface OriginPolicy {
  /** Origins allowed besides the server's own (normalized `scheme://host[:port]`), or "*" for any. */
  allowed: readonly string[] | "*";
  /** Development: pages on localhost, 127.0.0.1 or [::1], any port (Vite's dev server). */
  allowLocalhost: boolean;
}

const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Parses ALLOWED_ORIGINS: "*", or comma-separated origins such as `https://play.example.com`. */
export function parseAllowedOrigins(raw: string | undefined): Result<readonly string[] | "*", string> {
  const text = raw?.trim() ?? "";
  if (text === "") return { ok: true, value: [] };
  if (text === "*") return { ok: true, value: "*" };
  const origins: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const origin = normalizeOrigin(entry);
    if (!origin) return { ok: false, error: `"${entry}" is not an origin like https://play.example.com` };
    origins.push(origin);
  }
  return { ok: true, value: origins };
}

/** `scheme://host[:port]` with http(s) and nothing else (no path, query or credentials); null otherwise. */
function normalizeOrigin(entry: string): string | null {
  let url: URL;
  try { url = new URL(entry); } catch { return null; }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") return null;
  return url.origin;
}

/**
 * True when a request carrying `origin` may proceed. `host` is the request's Host header:
 * a page served by this server (same host and port) is always allowed.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined || origin === "") return true;
  if (policy.allowed === "*") return true;
  let url: URL;
  try { url = new URL(origin); } catch { return false; } // includes the opaque origin "null"
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (host !== undefined && url.host === host.trim().toLowerCase()) return true;
  if (policy.allowed.includes(url.origin)) return true;
  return policy.allowLocalhost && LOCAL_HOSTNAMES.has(url.hostname);
}
