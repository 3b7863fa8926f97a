// The swarm's options: one table drives parsing, validation, defaults and --help, so
// the help text cannot drift from what is accepted.
import os from "node:os";
import { parseArgs } from "node:util";
import { CHAT_RATE_LIMIT, CHAT_RATE_WINDOW_MS, TICK_HZ } from "../shared/constants.ts";
import { GAME_MODES, type GameMode } from "../shared/protocol.ts";

export interface SwarmOptions {
  /** The first of `urls` (what a single-server run loads). */
  url: string;
  /**
   * Every server given (--url repeated or comma-separated): bots are spread over them
   * round-robin for matchmaking. One entry for a single server or a proxy.
   */
  urls: string[];
  clients: number;
  /** 0: every bot uses joinOrCreate and rooms fill up to the server's maxClients. */
  rooms: number;
  mode: GameMode;
  durationSeconds: number;
  rampPerSecond: number;
  seed: number;
  outDir: string;
  inputHz: number;
  echoHz: number;
  chatPerMinute: number;
  workers: number;
  maxP99RttMs: number | null;
  maxErrors: number | null;
  findCapacity: boolean;
  p99BudgetMs: number;
  capacityStep: number;
  capacityWindowSeconds: number;
  allowRemote: boolean;
  /** The first of `metricsEndpoints`; null: /metrics on each game server's host. */
  metricsEndpoint: string | null;
  /**
   * One /metrics endpoint per server process (--metrics-url repeated or comma-separated);
   * empty: one per --url, on its host. Give them when the bots go through a proxy.
   */
  metricsEndpoints: string[];
}

type Kind = "int" | "number" | "text" | "flag" | "url" | "mode";

interface OptionSpec {
  flag: string;
  key: keyof SwarmOptions | "help";
  kind: Kind;
  valueName?: string;
  min?: number;
  max?: number;
  /** May be given several times, or as a comma-separated list; the values accumulate. */
  multiple?: boolean;
  /** Shown in --help. */
  defaultText: string;
  help: string;
}

export const DEFAULT_URL = "ws://127.0.0.1:2567";
const DEFAULT_DURATION_S = 60;
/** Time cap of a capacity search when --duration is not given. */
const DEFAULT_CAPACITY_DURATION_S = 900;
const defaultWorkers = () => Math.max(1, os.availableParallelism());
/** The server's chat limit as a rate; bots never chat faster, so no line is rejected. */
export const MAX_CHAT_PER_MINUTE = (CHAT_RATE_LIMIT * 60_000) / CHAT_RATE_WINDOW_MS;

const SPECS: readonly OptionSpec[] = [
  { flag: "url", key: "urls", kind: "url", valueName: "ws-url", multiple: true, defaultText: DEFAULT_URL,
    help: "Server to load (ws:// or wss://). /metrics is read from the same host over http(s). Repeat it (or separate with commas) to load several processes: bots are spread over them round-robin." },
  { flag: "clients", key: "clients", kind: "int", valueName: "n", min: 1, max: 20000, defaultText: "50",
    help: "Bots to connect. With --find-capacity: the most the search will try." },
  { flag: "duration", key: "durationSeconds", kind: "int", valueName: "s", min: 1, max: 86400,
    defaultText: `${DEFAULT_DURATION_S} (${DEFAULT_CAPACITY_DURATION_S} with --find-capacity)`,
    help: "Run length in seconds, ramp included; a hard time cap for --find-capacity." },
  { flag: "rooms", key: "rooms", kind: "int", valueName: "n", min: 0, max: 20000, defaultText: "0 (auto)",
    help: "Spread bots over this many rooms of ~clients/rooms each (first bot creates, the rest join by id). 0: joinOrCreate, rooms fill to the server's max players." },
  { flag: "mode", key: "mode", kind: "mode", valueName: GAME_MODES.join("|"), defaultText: "ffa",
    help: "Game mode requested when joining." },
  { flag: "ramp", key: "rampPerSecond", kind: "number", valueName: "clients/s", min: 0.1, max: 5000, defaultText: "100",
    help: "Join rate of new bots." },
  { flag: "seed", key: "seed", kind: "int", valueName: "n", min: 0, max: 0xffffffff, defaultText: "1",
    help: "Seed of every bot's behaviour (bot i uses a seed derived from this and i)." },
  { flag: "out", key: "outDir", kind: "text", valueName: "dir", defaultText: "bots-output/<timestamp>",
    help: "Where report.json, report.html and workers.log are written." },
  { flag: "input-hz", key: "inputHz", kind: "int", valueName: "hz", min: 1, max: 60, defaultText: String(TICK_HZ),
    help: "Input frames per bot per second (the game's fixed tick is 30)." },
  { flag: "echo-hz", key: "echoHz", kind: "number", valueName: "hz", min: 0.1, max: 10, defaultText: "2",
    help: "Round-trip probes (ECHO messages) per bot per second." },
  { flag: "chat", key: "chatPerMinute", kind: "number", valueName: "per-min", min: 0, max: MAX_CHAT_PER_MINUTE, defaultText: "0",
    help: `Chat lines per bot per minute (the server allows at most ${MAX_CHAT_PER_MINUTE}).` },
  { flag: "workers", key: "workers", kind: "int", valueName: "n", min: 1, max: 64, defaultText: `one per core (${defaultWorkers()} here)`,
    help: "Worker threads the bots are spread over." },
  { flag: "max-p99-rtt", key: "maxP99RttMs", kind: "number", valueName: "ms", min: 0.001, max: 600000, defaultText: "none",
    help: "Fail (exit 1) when the steady-state round-trip p99 is above this." },
  { flag: "max-errors", key: "maxErrors", kind: "int", valueName: "n", min: 0, max: 1e9, defaultText: "none (0 for the capacity search)",
    help: "Fail (exit 1) when join failures + room errors + unexpected disconnects exceed this." },
  { flag: "find-capacity", key: "findCapacity", kind: "flag", defaultText: "off",
    help: "Add bots in steps and report the largest swarm that held the p99 and error budgets for a steady window." },
  { flag: "p99-budget", key: "p99BudgetMs", kind: "number", valueName: "ms", min: 0.001, max: 600000, defaultText: "50",
    help: "Round-trip p99 budget of the capacity search." },
  { flag: "capacity-step", key: "capacityStep", kind: "int", valueName: "n", min: 1, max: 20000, defaultText: "50",
    help: "Bots added per capacity-search step (rounded up to whole rooms with --rooms)." },
  { flag: "capacity-window", key: "capacityWindowSeconds", kind: "int", valueName: "s", min: 3, max: 3600, defaultText: "10",
    help: "Steady window each capacity step must hold, in seconds." },
  { flag: "allow-remote", key: "allowRemote", kind: "flag", defaultText: "off",
    help: "Allow a server that is not on this machine (loopback only otherwise)." },
  { flag: "metrics-url", key: "metricsEndpoints", kind: "text", valueName: "http-url", multiple: true, defaultText: "/metrics on each --url host",
    help: "Where to read a server process's Prometheus metrics (e.g. its METRICS_PORT). Repeat it (or separate with commas) for each process, e.g. behind a proxy. A bearer token is taken from the METRICS_TOKEN environment variable." },
  { flag: "help", key: "help", kind: "flag", defaultText: "", help: "Show this help." },
];

export type ParseResult =
  | { kind: "run"; options: SwarmOptions }
  | { kind: "help"; text: string }
  | { kind: "error"; message: string };

export function helpText(): string {
  const rows = SPECS.map((s) => {
    const left = `--${s.flag}${s.valueName ? ` <${s.valueName}>` : ""}`;
    const def = s.defaultText ? ` [default: ${s.defaultText}]` : "";
    return `  ${left.padEnd(28)} ${s.help}${def}`;
  });
  return [
    "Usage: npm run bots -- [options]",
    "",
    "Headless Skirmish players for load testing. Writes report.json and report.html.",
    "",
    "Options:",
    ...rows,
    "",
    "Exit codes: 0 passed, 1 a --max-* threshold was exceeded, 2 bad options, 3 the run failed, 130 interrupted.",
  ].join("\n");
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export const isLoopbackUrl = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname);

export function parseCli(argv: readonly string[], now = new Date()): ParseResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(SPECS.map((s) => [s.flag, { type: s.kind === "flag" ? "boolean" : "string", multiple: s.multiple === true }] as const)),
    });
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message.split("\n")[0]} (see --help)` };
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { kind: "help", text: helpText() };

  const options: SwarmOptions = {
    url: DEFAULT_URL,
    urls: [DEFAULT_URL],
    clients: 50,
    rooms: 0,
    mode: "ffa",
    durationSeconds: DEFAULT_DURATION_S,
    rampPerSecond: 100,
    seed: 1,
    outDir: `bots-output/${now.toISOString().replace(/[:.]/g, "-")}`,
    inputHz: TICK_HZ,
    echoHz: 2,
    chatPerMinute: 0,
    workers: defaultWorkers(),
    maxP99RttMs: null,
    maxErrors: null,
    findCapacity: false,
    p99BudgetMs: 50,
    capacityStep: 50,
    capacityWindowSeconds: 10,
    allowRemote: false,
    metricsEndpoint: null,
    metricsEndpoints: [],
  };
  const target = options as unknown as Record<string, unknown>;

  for (const spec of SPECS) {
    const raw = values[spec.flag];
    if (raw === undefined || spec.key === "help") continue;
    if (spec.multiple) {
      const list: unknown[] = [];
      for (const item of (raw as string[]).flatMap((r) => r.split(","))) {
        const converted = convert(spec, item);
        if (!converted.ok) return { kind: "error", message: converted.error };
        list.push(converted.value);
      }
      target[spec.key] = list;
      continue;
    }
    const converted = convert(spec, raw as string | boolean);
    if (!converted.ok) return { kind: "error", message: converted.error };
    target[spec.key] = converted.value;
  }
  options.url = options.urls[0];
  options.metricsEndpoint = options.metricsEndpoints[0] ?? null;

  if (values.duration === undefined && options.findCapacity) options.durationSeconds = DEFAULT_CAPACITY_DURATION_S;
  return crossCheck(options, values);
}

export type Converted = { ok: true; value: unknown } | { ok: false; error: string };
const accept = (value: unknown): Converted => ({ ok: true, value });
const reject = (error: string): Converted => ({ ok: false, error });

function convert(spec: OptionSpec, raw: string | boolean): Converted {
  const name = `--${spec.flag}`;
  if (spec.kind === "flag") return accept(raw === true);
  const text = String(raw).trim();
  switch (spec.kind) {
    case "text":
      return text === "" ? reject(`${name} needs a value`) : accept(text);
    case "mode":
      return GAME_MODES.includes(text as GameMode) ? accept(text) : reject(`${name} must be one of ${GAME_MODES.join(", ")} (got "${text}")`);
    case "url":
      return checkUrl(text);
    case "int":
    case "number": {
      const pattern = spec.kind === "int" ? /^\d+$/ : /^\d+(\.\d+)?$/;
      const value = Number(text);
      const range = `from ${spec.min} to ${spec.max}`;
      const what = spec.kind === "int" ? "a whole number" : "a number";
      if (!pattern.test(text) || !Number.isFinite(value) || value < spec.min! || value > spec.max!) {
        return reject(`${name} must be ${what} ${range} (got "${text}")`);
      }
      return accept(value);
    }
  }
}

/** A game server URL as --url takes it (ws:// or wss://, no query), normalized; or why not. */
export function checkUrl(text: string): Converted {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reject(`--url is not a valid URL: "${text}"`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    return reject(`--url must use ws:// or wss:// (got ${url.protocol}//)`);
  }
  if (url.search || url.hash) return reject("--url must not have a query or fragment");
  return accept(url.toString().replace(/\/$/, ""));
}

function crossCheck(options: SwarmOptions, values: Record<string, unknown>): ParseResult {
  const remote = options.urls.find((url) => !isLoopbackUrl(url));
  if (!options.allowRemote && remote !== undefined) {
    return { kind: "error", message: `--url points at ${new URL(remote).hostname}, not this machine: add --allow-remote to load a remote server` };
  }
  if (new Set(options.urls).size !== options.urls.length) return { kind: "error", message: "--url lists the same server twice" };
  if (new Set(options.metricsEndpoints).size !== options.metricsEndpoints.length) {
    return { kind: "error", message: "--metrics-url lists the same endpoint twice" };
  }
  if (options.rooms > options.clients) {
    return { kind: "error", message: `--rooms (${options.rooms}) cannot exceed --clients (${options.clients})` };
  }
  if (options.findCapacity && options.maxP99RttMs !== null) {
    return { kind: "error", message: "--max-p99-rtt does not apply to --find-capacity: use --p99-budget" };
  }
  if (!options.findCapacity) {
    for (const flag of ["p99-budget", "capacity-step", "capacity-window"]) {
      if (values[flag] !== undefined) return { kind: "error", message: `--${flag} only applies with --find-capacity` };
    }
  }
  if (options.echoHz > options.inputHz) {
    return { kind: "error", message: `--echo-hz (${options.echoHz}) cannot exceed --input-hz (${options.inputHz}): probes ride the input ticks` };
  }
  return { kind: "run", options };
}
