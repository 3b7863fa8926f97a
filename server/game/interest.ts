// Spatial interest management: which players' bodies and which shots each client is sent.
// Every patch tick the players and the shots go into a uniform grid; each client's view area
// (its screen around the player it watches, plus VIEW_MARGIN_U) is looked up in the grid.
// Bodies that entered or left are added to or removed from the client's StateView; shots are
// not state but events (a SHOTS message after the patch: flush()), sent once to each client
// whose view area their flight crosses, and told again only if they stop early.
// A client always has its own player; a dead one watches its killer, as its camera does.
import type { StateView } from "@colyseus/schema";
import {
  INTEREST_CELL_U, MAX_ARENA_SIZE_U, RADAR_BITS, RADAR_HZ, TICK_HZ, VIEW_KEEP_U, VIEW_MARGIN_U,
} from "../../shared/constants.ts";
import { DEFAULT_VIEW, encodeShots, shotsMessageBytes, type ViewSize } from "../../shared/protocol.ts";
import { NEAR_VIEW, OWNER_VIEW, RADAR_VIEW, type ArenaState, type PlayerState } from "../../shared/schema.ts";
import { segmentMeetsRect, type Rect } from "../../shared/sim/geometry.ts";
import { snapClamped } from "../../shared/sim/quantize.ts";
import { flightSegment, stoppedEarly, type Flight } from "./combat.ts";
import { SpatialGrid, type Box } from "./spatialGrid.ts";
import type { ShotPath } from "./spawn.ts";

const emptyBox = (): Box => ({ minX: 0, minY: 0, maxX: 0, maxY: 0 });

/** The box a view of `size` centred on (x, y) covers, grown by `margin` on every side. */
export function viewBox(x: number, y: number, size: ViewSize, margin: number, out: Box = emptyBox()): Box {
  const halfW = size.width / 2 + margin, halfH = size.height / 2 + margin;
  out.minX = x - halfW;
  out.maxX = x + halfW;
  out.minY = y - halfH;
  out.maxY = y + halfH;
  return out;
}

export const boxContains = (box: Box, x: number, y: number) => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;

/** One client's view: what it has been sent so far, and where it looks. */
interface Watcher {
  readonly sessionId: string;
  readonly view: StateView;
  readonly self: PlayerState;
  size: ViewSize;
  /** Other players whose body this view holds (NEAR_VIEW), by session id, with the update that last kept them. */
  readonly near: Map<string, { id: string; player: PlayerState; seenAt: number }>;
  /** Team-mates whose coarse position this view holds (RADAR_VIEW), by session id. */
  readonly radar: Map<string, PlayerState>;
  /** Shots this client was sent that are still tracked. */
  readonly shots: Set<Readonly<Flight>>;
  /** What the next SHOTS message tells: shots that entered the view, and ids of those sent that stopped early. */
  readonly launched: Readonly<Flight>[];
  readonly stopped: number[];
  /** The session id of whoever killed this client's player; watched while it is dead. */
  killer: string | null;
  /** Where entities entered and left this view at the last update. */
  readonly enter: Box;
  readonly keep: Box;
}

/** A player as the grid holds it (one record per player, kept across updates: no garbage per patch). */
interface GridPlayer {
  id: string;
  player: PlayerState;
  x: number;
  y: number;
}

/** A shot from its firing until the first update after it ends, with the clients it was sent to. */
interface TrackedShot {
  readonly flight: Readonly<Flight>;
  readonly recipients: Watcher[];
  /** Not yet looked at by an update: even if it ended already, the views it crossed get it. */
  fresh: boolean;
  /** What of its flight a view must cross to get it, as of the last update. */
  readonly path: ShotPath;
}

/** Where the shots come from (ArenaGame): each as it is fired, and whether it is still in the air. */
export interface ShotSource {
  onShotFired: ((shot: Readonly<Flight>) => void) | null;
  inFlight(shot: Readonly<Flight>): boolean;
}

const RADAR_EVERY_TICKS = Math.round(TICK_HZ / RADAR_HZ);
const snapRadar = (v: number) => snapClamped(v, 0, MAX_ARENA_SIZE_U, RADAR_BITS);

export class InterestManager {
  private readonly watchers = new Map<string, Watcher>();
  private readonly players: SpatialGrid<GridPlayer>;
  private readonly gridPlayers = new WeakMap<PlayerState, GridPlayer>();
  private readonly shots: SpatialGrid<TrackedShot>;
  private tracked: TrackedShot[] = [];
  private readonly shotBox = emptyBox();
  /** Where SHOTS messages are written (grown as needed; the transport copies what it sends). */
  private messageBuffer = new Uint8Array(1024);
  private readonly enterRect: Rect = { x: 0, y: 0, w: 0, h: 0 };
  /** Counts update passes over views: what a view still holds was seen in the current one. */
  private updates = 0;

  constructor(private readonly state: ArenaState, private readonly source: ShotSource) {
    this.players = new SpatialGrid(state.arenaSize, state.arenaSize, INTEREST_CELL_U);
    this.shots = new SpatialGrid(state.arenaSize, state.arenaSize, INTEREST_CELL_U);
    source.onShotFired = (flight) => this.tracked.push({ flight, recipients: [], fresh: true, path: { x0: 0, y0: 0, x1: 0, y1: 0 } });
  }

  /**
   * A client's fresh view (on joining, and again on reconnecting): its own player whole, and
   * the rest from the next update() on. `size` defaults to the one the client stated before
   * (a reconnection), else DEFAULT_VIEW. Returns false when the player is not in the room.
   */
  watch(sessionId: string, view: StateView, size?: ViewSize): boolean {
    const self = this.state.players.get(sessionId);
    if (!self) return false;
    view.add(self, OWNER_VIEW | NEAR_VIEW);
    const stated = size ?? this.watchers.get(sessionId)?.size ?? DEFAULT_VIEW;
    this.watchers.set(sessionId, { sessionId, view, self, size: stated, near: new Map(), radar: new Map(), killer: null,
      shots: new Set(), launched: [], stopped: [], enter: emptyBox(), keep: emptyBox(),
    });
    return true;
  }

  unwatch(sessionId: string): void {
    this.watchers.delete(sessionId);
  }

  resize(sessionId: string, size: ViewSize): void {
    const watcher = this.watchers.get(sessionId);
    if (watcher) watcher.size = size;
  }

  /** A kill: the victim's client watches its killer until it respawns. */
  killed(victim: string, killer: string): void {
    const watcher = this.watchers.get(victim);
    if (watcher) watcher.killer = killer;
  }

  /** The view size the client stated (or the default); null for a client not watched. */
  viewSize(sessionId: string): Readonly<ViewSize> | null {
    return this.watchers.get(sessionId)?.size ?? null;
  }

  /** How many other players' bodies the client's view holds. */
  nearCount(sessionId: string): number {
    return this.watchers.get(sessionId)?.near.size ?? 0;
  }

  /** The client's view area at the last update: entities enter inside `enter` and leave outside `keep`. */
  viewArea(sessionId: string): { enter: Readonly<Box>; keep: Readonly<Box> } | null {
    const watcher = this.watchers.get(sessionId);
    return watcher ? { enter: watcher.enter, keep: watcher.keep } : null;
  }

  /** Brings every view up to date with the world as this tick left it; call right before a patch. */
  update(): void {
    this.fillGrids();
    const radarDue = this.state.mode === "teams" && this.state.tick % RADAR_EVERY_TICKS === 0;
    if (radarDue) this.refreshRadar();
    for (const watcher of this.watchers.values()) {
      const focus = this.focus(watcher);
      viewBox(focus.x, focus.y, watcher.size, VIEW_MARGIN_U, watcher.enter);
      viewBox(focus.x, focus.y, watcher.size, VIEW_MARGIN_U + VIEW_KEEP_U, watcher.keep);
      this.updatePlayers(watcher);
      this.updateShots(watcher);
      if (radarDue) this.updateRadar(watcher);
    }
    this.settleShots();
  }

  /**
   * Sends each client the SHOTS message its view gathered at the last update (call right after
   * the patch; `tick` is the state's). `send` gets a buffer reused by the next call.
   */
  flush(tick: number, send: (sessionId: string, bytes: Uint8Array) => void): void {
    for (const watcher of this.watchers.values()) {
      const { launched, stopped } = watcher;
      if (launched.length === 0 && stopped.length === 0) continue;
      const needed = shotsMessageBytes(launched.length, stopped.length);
      if (needed > this.messageBuffer.length) this.messageBuffer = new Uint8Array(Math.max(needed, this.messageBuffer.length * 2));
      const length = encodeShots(tick, launched, stopped, watcher.self.slot, this.messageBuffer);
      launched.length = 0;
      stopped.length = 0;
      send(watcher.sessionId, this.messageBuffer.subarray(0, length));
    }
  }

  private fillGrids(): void {
    const { players, shots } = this;
    players.clear();
    shots.clear();
    this.state.players.forEach((player, id) => {
      let entry = this.gridPlayers.get(player);
      if (!entry) this.gridPlayers.set(player, (entry = { id, player, x: 0, y: 0 }));
      entry.x = player.x;
      entry.y = player.y;
      players.insertPoint(entry, entry.x, entry.y);
    });
    const tick = this.state.tick;
    for (const shot of this.tracked) {
      const { flight, path } = shot;
      // What is left of its flight; for one that ended before any update saw it, the flight it had.
      if (this.source.inFlight(flight)) {
        if (!flightSegment(flight, tick - flight.spawnTick, flight.endTicks, path)) continue;
      } else if (!shot.fresh) continue;
      else if (!flightSegment(flight, 0, Math.min(flight.testedTo, flight.endTicks), path)) {
        path.x0 = path.x1 = flight.x0; // it ended at its muzzle
        path.y0 = path.y1 = flight.y0;
      }
      const box = this.shotBox;
      box.minX = Math.min(path.x0, path.x1);
      box.maxX = Math.max(path.x0, path.x1);
      box.minY = Math.min(path.y0, path.y1);
      box.maxY = Math.max(path.y0, path.y1);
      shots.insertBox(shot, box);
    }
  }

  /**
   * Forgets the shots that ended; those that stopped before the end of their flight (they hit
   * someone, or a new match cleared them) are told to every client that was sent them.
   */
  private settleShots(): void {
    const tracked = this.tracked;
    let kept = 0;
    for (const shot of tracked) {
      shot.fresh = false;
      const { flight } = shot;
      if (this.source.inFlight(flight)) {
        tracked[kept++] = shot;
        continue;
      }
      const early = stoppedEarly(flight);
      for (const watcher of shot.recipients) {
        watcher.shots.delete(flight);
        if (early) watcher.stopped.push(flight.id);
      }
    }
    tracked.length = kept;
  }

  /** The point a client's camera looks at: its player, or while dead the killer who is still here. */
  private focus(watcher: Watcher): PlayerState {
    if (watcher.self.alive) {
      watcher.killer = null;
      return watcher.self;
    }
    const killer = watcher.killer === null ? undefined : this.state.players.get(watcher.killer);
    return killer?.alive ? killer : watcher.self;
  }

  // Both updates below walk the grid's cells themselves: a callback per item (one per client
  // per patch) was garbage, and as a shared visitor it ran unoptimized, boxing its floats.

  /** Players enter the view inside `enter` and leave it outside `keep`. */
  private updatePlayers(watcher: Watcher): void {
    const { enter, keep, near, view, self } = watcher;
    const update = ++this.updates;
    const grid = this.players;
    const c0 = grid.col(keep.minX), c1 = grid.col(keep.maxX), r0 = grid.row(keep.minY), r1 = grid.row(keep.maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = grid.cellAt(c, r), items = grid.cellItems(cell);
        for (let k = 0, count = grid.cellCount(cell); k < count; k++) {
          const entry = items[k];
          if (entry.player === self) continue;
          const held = near.get(entry.id);
          if (held?.player === entry.player) {
            if (boxContains(keep, entry.x, entry.y)) held.seenAt = update;
          } else if (boxContains(enter, entry.x, entry.y)) {
            near.set(entry.id, { id: entry.id, player: entry.player, seenAt: update });
            view.add(entry.player, NEAR_VIEW);
          }
        }
      }
    }
    for (const held of near.values()) {
      if (held.seenAt === update) continue;
      near.delete(held.id);
      if (this.state.players.get(held.id) === held.player) view.remove(held.player, NEAR_VIEW); // one that left the room is gone from every view already
    }
  }

  /** A shot is sent to a client once the rest of its flight crosses the client's view area; the client flies it from launch. */
  private updateShots(watcher: Watcher): void {
    const { enter } = watcher;
    const rect = this.enterRect;
    rect.x = enter.minX;
    rect.y = enter.minY;
    rect.w = enter.maxX - enter.minX;
    rect.h = enter.maxY - enter.minY;
    const grid = this.shots;
    const c0 = grid.col(enter.minX), c1 = grid.col(enter.maxX), r0 = grid.row(enter.minY), r1 = grid.row(enter.maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = grid.cellAt(c, r), items = grid.cellItems(cell);
        for (let k = 0, count = grid.cellCount(cell); k < count; k++) {
          const shot = items[k], { path, flight } = shot;
          if (watcher.shots.has(flight)) continue;
          // Boxes first: most shots of the cells around a view pass nowhere near it.
          if (Math.max(path.x0, path.x1) < enter.minX || Math.min(path.x0, path.x1) > enter.maxX
            || Math.max(path.y0, path.y1) < enter.minY || Math.min(path.y0, path.y1) > enter.maxY) continue;
          if (!segmentMeetsRect(path.x0, path.y0, path.x1, path.y1, rect, 0)) continue;
          watcher.shots.add(flight);
          watcher.launched.push(flight);
          shot.recipients.push(watcher);
        }
      }
    }
  }

  /** Teams mode: every team-mate's coarse position reaches the client (its minimap draws the team). */
  private updateRadar(watcher: Watcher): void {
    const { self, radar, view } = watcher;
    for (const [id, player] of radar) {
      const inRoom = this.state.players.get(id) === player;
      if (inRoom && player.team === self.team) continue;
      radar.delete(id);
      if (inRoom) view.remove(player, RADAR_VIEW);
    }
    this.state.players.forEach((player, id) => {
      if (player === self || player.team !== self.team || radar.get(id) === player) return;
      radar.set(id, player);
      view.add(player, RADAR_VIEW);
    });
  }

  /** Coarse positions move only when they change by a step of their grid, at most RADAR_HZ times a second. */
  private refreshRadar(): void {
    for (const player of this.state.players.values()) {
      const x = snapRadar(player.x), y = snapRadar(player.y);
      if (player.radarX !== x) player.radarX = x;
      if (player.radarY !== y) player.radarY = y;
    }
  }
}
