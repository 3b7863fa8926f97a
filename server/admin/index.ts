// The admin view at /admin: a page listing this process's rooms and clients, with Kick and
// Close room buttons, over a small JSON API. Mounted only when ADMIN_PASSWORD is set (so
// /admin is a 404 otherwise), entirely behind HTTP Basic authentication.
//
//   GET  /admin/                                   the page (admin.js and admin.css beside it)
//   GET  /admin/api/rooms                          AdminSnapshot (snapshot.ts) as JSON
//   POST /admin/api/rooms/:roomId/close            close a room (CloseCode.CLOSED_BY_ADMIN)
//   POST /admin/api/rooms/:roomId/clients/:sessionId/kick   kick a client (CloseCode.KICKED)
//
// POSTs must carry `X-Admin-Request: 1`: a header another site's page cannot add without a
// CORS preflight this server never grants, so a signed-in admin's browser cannot be made
// to kick or close from elsewhere (CSRF). Responses are never cached, never framed, and
// the page runs only its own script (CSP).
import { readFileSync } from "node:fs";
import express, { type Express, type RequestHandler, type Response } from "express";
import type { ServerConfig } from "../config.ts";
import type { RoomServices } from "../net/roomGuard.ts";
import { closeRoom, kickClient } from "./actions.ts";
import { adminAuth } from "./auth.ts";
import { adminSnapshot } from "./snapshot.ts";

export const ADMIN_PATH = "/admin";
/** The header every admin POST must carry (see above). */
export const ADMIN_REQUEST_HEADER = "x-admin-request";

const SECURITY_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const staticFile = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url));

/** Room ids and session ids are short tokens; anything else is not one. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface AdminOptions {
  /** Mounts the view behind this password; without one nothing is mounted. */
  adminPassword?: ServerConfig["adminPassword"];
  trustedProxyHops: ServerConfig["trustedProxyHops"];
}

/**
 * Mounts the admin view on `app` at /admin when `options.adminPassword` is set; does
 * nothing otherwise. Kicks, room closes and wrong passwords are logged with the user name
 * the admin signed in with and their address, never the password.
 */
export function mountAdmin(app: Express, options: AdminOptions, services: RoomServices, startedAtMs = Date.now()): void {
  const logger = services.log;
  const password = options.adminPassword;
  if (!password) return;
  const page = { html: staticFile("index.html"), js: staticFile("admin.js"), css: staticFile("admin.css") };
  const router = express.Router();
  router.use((_req, res, next) => { res.set(SECURITY_HEADERS); next(); });
  router.use(adminAuth({
    password,
    trustedProxyHops: options.trustedProxyHops,
    onFailure: (address, user) => logger.warn({ event: "admin_auth_failed", address, admin: user }, "wrong admin password"),
  }));

  router.get("/", (req, res) => {
    const path = req.originalUrl.split("?")[0];
    // Relative links on the page need the trailing slash; a relative redirect keeps any path prefix a proxy adds.
    if (!path.endsWith("/")) return res.redirect(302, `${path.slice(path.lastIndexOf("/") + 1)}/`);
    res.type("html").send(page.html);
  });
  router.get("/admin.js", (_req, res) => { res.type("text/javascript").send(page.js); });
  router.get("/admin.css", (_req, res) => { res.type("text/css").send(page.css); });

  router.get("/api/rooms", async (_req, res) => { res.json(await adminSnapshot(startedAtMs)); });

  router.post("/api/rooms/:roomId/clients/:sessionId/kick", requireSameOrigin, (req, res) => {
    const { roomId, sessionId } = req.params as Record<string, string>;
    if (!ID.test(roomId) || !ID.test(sessionId)) return void notFound(res, "no_such_client");
    const result = kickClient(roomId, sessionId);
    if (!result.ok) return void notFound(res, result.error);
    if (result.outcome === "kicked") services.metrics.counts.clientsClosed.kicked++;
    logger.info({ event: "admin_kick", room: roomId, session: sessionId, name: result.name, outcome: result.outcome, ...who(res) }, "admin kicked a client");
    res.json(result);
  });

  router.post("/api/rooms/:roomId/close", requireSameOrigin, async (req, res) => {
    const { roomId } = req.params as Record<string, string>;
    if (!ID.test(roomId)) return void notFound(res, "no_such_room");
    const result = await closeRoom(roomId);
    if (!result.ok) {
      res.status(result.error === "no_such_room" ? 404 : 409).json(result);
      return;
    }
    services.metrics.counts.clientsClosed.room_closed += result.clients;
    logger.info({ event: "admin_close_room", room: roomId, clients: result.clients, ...who(res) }, "admin closed a room");
    res.json(result);
  });

  router.use((_req, res) => { res.status(404).type("text/plain").send("Not found.\n"); });
  app.use(ADMIN_PATH, router);
}

/** CSRF check for POSTs: the custom header, and no browser saying the request comes from another site. */
const requireSameOrigin: RequestHandler = (req, res, next) => {
  const fetchSite = req.get("sec-fetch-site");
  if (req.get(ADMIN_REQUEST_HEADER) !== "1" || (fetchSite !== undefined && fetchSite !== "same-origin")) {
    res.status(403).json({ ok: false, error: "cross_site_request", message: `admin actions need the ${ADMIN_REQUEST_HEADER}: 1 header, from the admin page itself` });
    return;
  }
  next();
};

function notFound(res: Response, error: string): void {
  res.status(404).json({ ok: false, error });
}

/** Who acted, for the logs: the user name typed at sign-in and the client address. */
function who(res: Response): { admin: string; address: string } {
  return { admin: String(res.locals.adminUser ?? ""), address: String(res.locals.adminAddress ?? "") };
}
