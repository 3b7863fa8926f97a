// Who joins where and when: a pure function of the options, so a run is reproducible
// and the main thread can hand each worker its share up front.

/** How a bot gets into its room. */
export type JoinRole =
  /** Auto rooms: matchmaking fills rooms up to the server's maxClients. */
  | "joinOrCreate"
  /** First bot of a group: creates the group's room. */
  | "create"
  /** The rest of a group: joins the room its leader created, by id. */
  | "joinById";

export interface BotPlan {
  index: number;
  name: string;
  seed: number;
  /** Room group, or -1 with auto rooms. */
  group: number;
  role: JoinRole;
  /** When to start joining, in ms after the swarm (or capacity step) started. */
  joinAtMs: number;
  worker: number;
  /**
   * Which server (index into --url) the bot makes its matchmaking request to: round-robin
   * by bot, except that a group's leader creates its room on server `group % targets`. With
   * several processes sharing Redis, a bot may then land in a room on any of them.
   */
  target: number;
}

export interface PlanShape {
  /** Total bots (the ceiling in a capacity search). */
  clients: number;
  /** 0 for auto rooms. */
  rooms: number;
  seed: number;
  rampPerSecond: number;
  workers: number;
  /** Servers the bots are spread over (--url given several times); 1 when absent. */
  targets?: number;
}

/** Workers that will have bots: no more than rooms (whole rooms stay in one worker) or bots. */
export function effectiveWorkers(shape: PlanShape): number {
  return Math.max(1, Math.min(shape.workers, shape.rooms > 0 ? shape.rooms : shape.clients));
}

/**
 * Room group of a bot: groups are consecutive runs of indices whose sizes differ by at
 * most one, so exactly `rooms` groups of ~clients/rooms each.
 */
export const groupOf = (index: number, shape: PlanShape) => Math.floor((index * shape.rooms) / shape.clients);

/** First index of a group (its leader, who creates the room). */
export const groupLeader = (group: number, shape: PlanShape) => Math.ceil((group * shape.clients) / shape.rooms);

/**
 * The first bot count at or above `count` that ends on a whole room (every count does
 * with auto rooms), so a capacity step never leaves a room half-filled for later: a
 * room may be locked for its results screen by the time the next step comes.
 */
export function wholeRooms(count: number, shape: PlanShape): number {
  if (shape.rooms === 0 || count >= shape.clients) return Math.min(count, shape.clients);
  if (count <= 0) return 0;
  return Math.min(shape.clients, groupLeader(groupOf(count - 1, shape) + 1, shape));
}

/** Plans for bots [from, from + count), joining at the ramp rate from `startMs`. */
export function planBots(shape: PlanShape, from: number, count: number, startMs = 0): BotPlan[] {
  const workers = effectiveWorkers(shape);
  const plans: BotPlan[] = [];
  const end = Math.min(shape.clients, from + count);
  for (let index = from; index < end; index++) {
    const auto = shape.rooms === 0;
    const group = auto ? -1 : groupOf(index, shape);
    const role: JoinRole = auto ? "joinOrCreate" : groupLeader(group, shape) === index ? "create" : "joinById";
    const targets = Math.max(1, shape.targets ?? 1);
    plans.push({
      index,
      name: `bot${index}`,
      seed: botSeed(shape.seed, index),
      group,
      role,
      joinAtMs: startMs + ((index - from) * 1000) / shape.rampPerSecond,
      // Whole rooms stay in one worker so a leader can hand its room id to its group directly.
      worker: (auto ? index : group) % workers,
      target: (role === "create" ? group : index) % targets,
    });
  }
  return plans;
}

/** A well-mixed 32-bit seed per bot (murmur3's finalizer over seed and index). */
export function botSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
