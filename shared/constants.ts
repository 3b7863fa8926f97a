// Every tuning number of the game lives here, once. Units are in the name:
// _U (world units), _HZ, _MS, _TICKS (fixed simulation steps); speeds are units per second.

/** Fixed simulation rate. One client input = one step on both sides. */
export const TICK_HZ = 30;
/** Default state patch rate (the server may be configured otherwise). */
export const PATCH_HZ = 20;
export const STEP_SECONDS = 1 / TICK_HZ;
export const STEP_MS = 1000 / TICK_HZ;

/** Seconds → whole fixed steps (rounded), so durations are exact integers in the sim. */
export const ticks = (seconds: number) => Math.round(seconds * TICK_HZ);

// ── World ──────────────────────────────────────────────────────────────────
/**
 * The arena is a square. Its side grows with the room's seats (shared/sim/map.ts arenaSizeFor)
 * so that a full room is as crowded as ARENA_BASE_SEATS players in the base arena: measured
 * with bench/spawns.ts, fresh spawns survive their first seconds there (docs/ARCHITECTURE.md).
 */
export const ARENA_BASE_SIZE_U = 2400;
export const ARENA_BASE_SEATS = 24;
/** The largest arena (a room of MAX_PLAYERS_LIMIT seats): positions are quantized over it. */
export const MAX_ARENA_SIZE_U = 5600;
// Per base arena; a bigger arena has as many per unit of area.
export const OBSTACLE_COUNT = 28;
export const OBSTACLE_MIN_SIZE_U = 60;
export const OBSTACLE_MAX_SIZE_U = 260;
/** Free margin kept around the arena edge and between obstacles. */
export const OBSTACLE_GAP_U = 70;
export const SPAWN_POINT_COUNT = 24;
export const PICKUP_SPOT_COUNT = 9;

/**
 * Wire quantization of positions: 16 bits over [0, MAX_ARENA_SIZE_U], i.e. 5600/65535 ≈ 0.085 u.
 * The sim snaps every position it writes with the same formula, so the server's
 * in-memory value, the wire and the client's prediction are bit-identical.
 */
export const POSITION_BITS = 16;
/** Player aim is drawn, never simulated from state: 8 bits (1.4°) is plenty on the wire. */
export const AIM_BITS = 8;
/** Projectile heading drives its whole flight on both sides: 16 bits (0.0055°). */
export const HEADING_BITS = 16;

// ── Players ────────────────────────────────────────────────────────────────
export const PLAYER_RADIUS_U = 20;
export const PLAYER_SPEED = 220;
export const PLAYER_MAX_HP = 100;
export const DASH_SPEED = 660;
export const DASH_TICKS = ticks(0.2);
export const DASH_COOLDOWN_TICKS = ticks(1.5);
export const RESPAWN_TICKS = ticks(3);
/** At or below this much health (hp plus shield) the HUD warns the player: one hit from death. */
export const LOW_HEALTH_WARNING = 30;
/**
 * Fresh spawns cannot be hurt for this long, so nobody is killed on arrival; the player's
 * first shot ends it at once (a protected player cannot fight unharmed).
 */
export const SPAWN_PROTECTION_TICKS = ticks(2.5);
/** Spawn points scored within this much danger of the safest one are picked among at random (server/game/spawn.ts). */
export const SPAWN_PICK_SLACK = 0.05;

// ── Weapon ─────────────────────────────────────────────────────────────────
export const PROJECTILE_SPEED = 700;
export const PROJECTILE_RADIUS_U = 5;
export const PROJECTILE_LIFE_TICKS = ticks(1);
export const PROJECTILE_DAMAGE = 20;
export const FIRE_COOLDOWN_TICKS = ticks(0.25);
/** How far a shot flies when nothing stops it: the same reach for the server, the client and the bots. */
export const SHOT_RANGE_U = (PROJECTILE_SPEED * PROJECTILE_LIFE_TICKS) / TICK_HZ;
/** Spawn points an enemy has a clear line of fire to from this close (shot range plus a second's walk) are avoided. */
export const SPAWN_THREAT_RANGE_U = SHOT_RANGE_U + PLAYER_SPEED;
export const RAPID_FIRE_COOLDOWN_TICKS = ticks(0.125);
/** Projectiles leave from the rim of the shooter, not its centre. */
export const MUZZLE_OFFSET_U = PLAYER_RADIUS_U + PROJECTILE_RADIUS_U + 2;

// ── Pickups ────────────────────────────────────────────────────────────────
export const PICKUP_RADIUS_U = 18;
export const PICKUP_RESPAWN_TICKS = ticks(15);
export const HEALTH_PICKUP_HP = 40;
export const RAPID_FIRE_TICKS = ticks(6);
export const SHIELD_POINTS = 50;

// ── Match ──────────────────────────────────────────────────────────────────
/** A lone player waits this long for company, then the match starts anyway. */
export const WAITING_MAX_TICKS = ticks(20);
/** With enough players, a short grace lets a friend's join land before the countdown. */
export const WAITING_GRACE_TICKS = ticks(3);
export const MIN_PLAYERS_TO_START = 2;
export const COUNTDOWN_TICKS = ticks(3);
export const MATCH_TICKS = ticks(5 * 60);
export const KILLS_TO_WIN = 25;
export const RESULTS_TICKS = ticks(10);

// ── Netcode ────────────────────────────────────────────────────────────────
/**
 * Lag compensation: a shot is judged against target positions rewound to what its shooter
 * saw, at most this far back. It bounds "shot behind cover" for the victim.
 */
export const MAX_REWIND_TICKS = ticks(0.2);
/**
 * What a shooter's view lags beyond the rewind limit is made up by launching the shot this
 * much further along its flight (observers see it appear ahead of the muzzle), at most.
 */
export const MAX_SHOT_ADVANCE_TICKS = ticks(0.15);
/** The view tick a firing input carries is in 1/VIEW_TICK_SCALE ticks, wrapped to 16 bits. */
export const VIEW_TICK_SCALE = 8;
/** Server input playout: inputs held in reserve per player, adapted between these to its jitter. */
export const PLAYOUT_MIN_RESERVE = 1;
export const PLAYOUT_MAX_RESERVE = 2;
/** Ticks of steady arrival before a player's reserve may shrink by one. */
export const PLAYOUT_SHRINK_AFTER_TICKS = ticks(5);
/**
 * Ticks per extra input a player may catch up on without having stalled first: lets a client
 * whose clock runs slightly fast drain its queue, and caps what a cheater gains at ~1 %.
 */
export const PLAYOUT_DRIFT_ALLOWANCE_TICKS = ticks(3);
/** Inputs a player may bank while stalled, to catch up later in double steps. */
export const MAX_INPUT_CREDIT = 4;

// ── Interest management: what each client is sent (server/game/interest.ts) ──
/** The world a screen shows along its shorter side: clients zoom to it. */
export const VIEW_SPAN_U = 860;
/** No side of a client's view is longer than this: clients zoom in to keep within it. */
export const MAX_VIEW_SIDE_U = 1920;
/** The view assumed for a client that does not say (a 16:9 screen). */
export const DEFAULT_VIEW_WIDTH_U = 1530;
export const DEFAULT_VIEW_HEIGHT_U = 860;
/**
 * A client is sent what lies within this much of its screen's edge. Nothing must be drawn
 * on screen before it is known: an entity is at most one patch of dash deep inside when it
 * enters (DASH_SPEED / PATCH_HZ = 33 u), and the own player, predicted ahead of the server by
 * a round trip plus the playout reserve (≤ 317 ms at 250 ms round trip: 70 u walking, 88 u
 * more in a dash), and then 150 ms of interpolation hold (33 u), closes in on it meanwhile;
 * plus a body's radius. 244 u: no pop-in up to a 250 ms round trip. See docs/PROTOCOL.md.
 */
export const VIEW_MARGIN_U = 250;
/**
 * An entity in view stays in it until it is this much further out, so one moving along the
 * edge does not flicker in and out; it then leaves off screen even drawn 150 ms late in a dash.
 */
export const VIEW_KEEP_U = 100;
/** Cell size of the server's spatial grid: about a third of a view, so a view query scans ~20 cells. */
export const INTEREST_CELL_U = 400;
/** Far team-mates' coarse positions (for the minimap) are refreshed this often. */
export const RADAR_HZ = 2;
/** Coarse positions: 8 bits over the largest arena, ~22 u. */
export const RADAR_BITS = 8;

// Client presentation of the netcode (interpolation, smoothing); times in ms.
/** Remote players are drawn at most this far behind the newest snapshot. */
export const INTERP_MAX_DELAY_MS = 150;
/** When a snapshot is late, remote players are extrapolated at most this long, then held. */
export const MAX_EXTRAPOLATION_MS = 100;
/** A prediction error is blended away over about this long... */
export const CORRECTION_SMOOTHING_MS = 100;
/** ...unless it is larger than this (respawn, teleport): then the own player snaps. */
export const CORRECTION_SNAP_U = 120;
/** A remote player moving further than this between two snapshots teleported: no interpolation across. */
export const TELEPORT_DISTANCE_U = 150;

// Client presentation of the match: the minimap and the attacker arrows.
/** The minimap shows an enemy within this distance of the own player... */
export const MINIMAP_ENEMY_RADIUS_U = 700;
/** ...or one whose shot this screen saw in the air within this long. */
export const MINIMAP_FIRED_SHOWN_MS = 2000;
/** An arrow at the screen's edge points toward an off-screen player who hurt you, this long after. */
export const ATTACKER_ARROW_MS = 3000;

// ── Rooms and people ───────────────────────────────────────────────────────
export const DEFAULT_MAX_PLAYERS = 32;
export const MAX_PLAYERS_LIMIT = 128;
export const NAME_MAX_LENGTH = 16;
export const TEAM_COUNT = 2;
/** A teams match ends when one team reaches this many kills. */
export const TEAM_KILLS_TO_WIN = 50;
export const CHAT_MAX_LENGTH = 140;
export const CHAT_RATE_LIMIT = 5;
export const CHAT_RATE_WINDOW_MS = 10_000;
/** How long a dropped player's seat is held for a reconnection (default; configurable). */
export const RECONNECT_WINDOW_SECONDS = 20;
/** Private room codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes. */
export const PRIVATE_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const PRIVATE_CODE_LENGTH = 5;
