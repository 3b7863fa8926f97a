// HTTP Basic authentication for the admin view: any user name, the password is
// ADMIN_PASSWORD, compared in constant time (secretMatcher). Wrong guesses are limited per
// client address; the password never reaches a log line or a response.
import type { RequestHandler } from "express";
import { clientAddress } from "../net/clientAddress.ts";
import { secretMatcher } from "../net/secretMatcher.ts";
import { TokenBucket } from "../net/TokenBucket.ts";

export const ADMIN_REALM = "Skirmish admin";
/** Wrong passwords an address may try at once before it has to wait. */
export const ADMIN_FAILURES_BURST = 10;
/** Wrong passwords an address earns back per minute. */
export const ADMIN_FAILURES_PER_MINUTE = 10;
/** Addresses whose failures are remembered at once; beyond it the oldest is forgotten. */
const MAX_TRACKED_ADDRESSES = 10_000;

export interface BasicCredentials {
  user: string;
  password: string;
}

/** The user name and password of an `Authorization: Basic …` header; null when there is none or it is malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Failed sign-ins per address: a bucket of ADMIN_FAILURES_BURST, refilled ADMIN_FAILURES_PER_MINUTE a minute. */
export class FailedSignIns {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Milliseconds before `address` may try again (0: now). */
  waitMs(address: string, nowMs: number): number {
    return this.buckets.get(address)?.msUntilToken(nowMs) ?? 0;
  }

  record(address: string, nowMs: number): void {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_ADDRESSES) this.forgetIdle(nowMs);
      bucket = new TokenBucket(ADMIN_FAILURES_BURST, ADMIN_FAILURES_PER_MINUTE / 60, nowMs);
      this.buckets.set(address, bucket);
    }
    bucket.take(nowMs);
  }

  private forgetIdle(nowMs: number): void {
    for (const [address, bucket] of this.buckets) if (bucket.isFull(nowMs)) this.buckets.delete(address);
    // Still full: drop the oldest entry rather than refuse everyone new.
    if (this.buckets.size >= MAX_TRACKED_ADDRESSES) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

export interface AdminAuthOptions {
  password: string;
  /** As TRUSTED_PROXY_HOPS: which X-Forwarded-For entry is the client, for the failure limit. */
  trustedProxyHops: number;
  /** Called on each wrong password (not on a request without credentials): for the logs. */
  onFailure?: (address: string, user: string) => void;
  now?: () => number;
}

/**
 * Lets a request through with the right password (the user name it gave goes to
 * `res.locals.adminUser`, for the logs); answers 401 with a `WWW-Authenticate` challenge
 * otherwise, and 429 to an address that has guessed wrong too often, before its guess is read.
 */
export function adminAuth(options: AdminAuthOptions): RequestHandler {
  const isPassword = secretMatcher(options.password);
  const failures = new FailedSignIns();
  const now = options.now ?? (() => performance.now());
  return (req, res, next) => {
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], options.trustedProxyHops);
    res.locals.adminAddress = address;
    const waitMs = failures.waitMs(address, now());
    if (waitMs > 0) {
      res.set("Retry-After", String(Math.max(1, Math.ceil(waitMs / 1000))));
      res.status(429).type("text/plain").send("Too many wrong passwords from this address: try again shortly.\n");
      return;
    }
    const credentials = parseBasicAuth(req.headers.authorization);
    if (credentials && isPassword(credentials.password)) {
      res.locals.adminUser = credentials.user.slice(0, 64);
      next();
      return;
    }
    if (credentials) { // a browser's first, credential-less request is not a guess
      failures.record(address, now());
      options.onFailure?.(address, credentials.user.slice(0, 64));
    }
    res.set("WWW-Authenticate", `Basic realm="${ADMIN_REALM}", charset="UTF-8"`);
    res.status(401).type("text/plain").send("Authentication required.\n");
  };
}
