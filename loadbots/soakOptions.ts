// The soak's options (npm run soak -- ...): parsed and checked before anything starts.
import os from "node:os";
import { parseArgs } from "node:util";
import { checkUrl, isLoopbackUrl } from "./options.ts";

export interface SoakOptions {
  /** Length of the load phase (bots joining, playing, dropping, leaving), in minutes; of each cycle's. */
  minutes: number;
  /** Load cycles in one server lifetime (load, the bots leave, settle; again). */
  cycles: number;
  bots: number;
  /** Servers to soak; empty: the soak starts its own (`processes` of them). */
  urls: string[];
  /** One /metrics endpoint per server process; empty: one per --url (or the soak's own processes'). */
  metricsEndpoints: string[];
  /** Processes the soak starts itself when no --url is given (2: on a Redis it starts too). */
  processes: 1 | 2;
  /** The Redis the servers share, for the presence-keys check; the soak's own when it starts a cluster. */
  redisUrl: string | null;
  /** Mean seconds between two churn actions of one bot. */
  churnSeconds: number;
  rampPerSecond: number;
  /** Longest wait, after the bots left, for the servers to come back to their start levels. */
  settleSeconds: number;
  /** Seconds between two timeline samples. */
  sampleSeconds: number;
  seed: number;
  workers: number;
  outDir: string;
  /** Bot errors (join failures, room errors, unexpected leaves, failed reconnections) allowed. */
  maxErrors: number;
  /** Heap after settling may exceed the start by this many MiB (or by heapTolerancePercent of the start, whichever is more). */
  heapToleranceMiB: number;
  heapTolerancePercent: number;
  allowRemote: boolean;
}

export type SoakParse =
  | { kind: "run"; options: SoakOptions }
  | { kind: "help"; text: string }
  | { kind: "error"; message: string };

/** --settle's default with several cycles: each settle then also waits for a full GC, which an idle server here ran 70–120 s after a load. */
const CYCLES_SETTLE_SECONDS = 300;

interface NumberSpec { flag: string; key: keyof SoakOptions; min: number; max: number; integer: boolean; defaultValue: number; help: string }

const NUMBERS: readonly NumberSpec[] = [
  { flag: "minutes", key: "minutes", min: 0.25, max: 1440, integer: false, defaultValue: 30, help: "Length of the load phase in minutes (decimals allowed); of each cycle's with --cycles." },
  { flag: "cycles", key: "cycles", min: 1, max: 100, integer: true, defaultValue: 1, help: "Load cycles in one server lifetime: load, the bots leave, settle, again. From 2, each cycle's settle waits for a full GC, and RSS and heap after every later cycle must come back to within a tolerance of their level after the first (a leak grows cycle over cycle)." },
  { flag: "bots", key: "bots", min: 1, max: 5000, integer: true, defaultValue: 200, help: "Bots kept in play." },
  { flag: "processes", key: "processes", min: 1, max: 2, integer: true, defaultValue: 1, help: "Server processes the soak starts itself when no --url is given; 2 share a Redis the soak starts too." },
  { flag: "churn", key: "churnSeconds", min: 6, max: 3600, integer: false, defaultValue: 30, help: "Mean seconds between two actions of one bot (drop, reload with its token, leave and rejoin)." },
  { flag: "ramp", key: "rampPerSecond", min: 0.1, max: 1000, integer: false, defaultValue: 20, help: "Join rate of the bots at the start." },
  { flag: "settle", key: "settleSeconds", min: 5, max: 3600, integer: true, defaultValue: 120, help: `Longest wait, once the bots have left, for the servers to return to their start levels (it ends as soon as they have; an idle server runs its next full GC one to two minutes after a load); ${CYCLES_SETTLE_SECONDS} with --cycles 2 or more.` },
  { flag: "sample", key: "sampleSeconds", min: 1, max: 300, integer: true, defaultValue: 5, help: "Seconds between two timeline samples." },
  { flag: "seed", key: "seed", min: 0, max: 0xffffffff, integer: true, defaultValue: 1, help: "Seed of the bots' behaviour and churn." },
  { flag: "workers", key: "workers", min: 1, max: 64, integer: true, defaultValue: 0, help: "Worker threads for the bots." },
  { flag: "max-errors", key: "maxErrors", min: 0, max: 1e9, integer: true, defaultValue: 0, help: "Bot errors allowed: join failures, room errors, unexpected leaves, failed reconnections." },
  { flag: "heap-tolerance", key: "heapToleranceMiB", min: 0, max: 65536, integer: false, defaultValue: 16, help: "MiB the servers' heap may stay above its start once settled (or --heap-tolerance-percent of the start, whichever is more)." },
  { flag: "heap-tolerance-percent", key: "heapTolerancePercent", min: 0, max: 1000, integer: false, defaultValue: 25, help: "Percent of the start heap it may stay above once settled." },
];

const defaultWorkers = () => Math.max(1, Math.min(4, os.availableParallelism()));

export function soakHelp(): string {
  const row = (left: string, help: string, def: string) => `  ${left.padEnd(32)} ${help} [default: ${def}]`;
  return [
    "Usage: npm run soak -- [options]",
    "",
    "Keeps bots joining, playing, dropping, reconnecting and rejoining for --minutes, then checks that the",
    "servers' rooms, clients, handles, timers, heap (and Redis presence keys) return to their start levels.",
    "Writes soak.json and soak.html.",
    "",
    "Options:",
    ...NUMBERS.map((n) => row(`--${n.flag} <${n.integer ? "n" : "x"}>`, n.help, n.flag === "workers" ? `min(4, cores) (${defaultWorkers()} here)` : String(n.defaultValue))),
    row("--url <ws-url>", "Soak running servers instead of starting them (repeat, or separate with commas, for several processes).", "none: start --processes"),
    row("--metrics-url <http-url>", "A server process's /metrics (repeat for each process; bearer token from METRICS_TOKEN).", "/metrics on each --url host"),
    row("--redis-url <redis-url>", "The Redis the servers share, for the presence-keys check (needs redis-cli).", "the soak's own with --processes 2; none otherwise"),
    row("--out <dir>", "Where soak.json, soak.html, workers.log and the servers' logs go.", "soak-output/<timestamp>"),
    row("--allow-remote", "Allow servers that are not on this machine.", "off"),
    "",
    "Exit codes: 0 passed, 1 a leak check or --max-errors failed, 2 bad options, 3 the soak could not run, 130 interrupted.",
  ].join("\n");
}

export function parseSoakCli(argv: readonly string[], now = new Date()): SoakParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(NUMBERS.map((n) => [n.flag, { type: "string" }] as const)),
        url: { type: "string", multiple: true },
        "metrics-url": { type: "string", multiple: true },
        "redis-url": { type: "string" },
        out: { type: "string" },
        "allow-remote": { type: "boolean" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message.split("\n")[0]} (see --help)` };
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { kind: "help", text: soakHelp() };

  const options: SoakOptions = {
    minutes: 30, cycles: 1, bots: 200, urls: [], metricsEndpoints: [], processes: 1, redisUrl: null, churnSeconds: 30, rampPerSecond: 20,
    settleSeconds: 120, sampleSeconds: 5, seed: 1, workers: defaultWorkers(), outDir: `soak-output/${now.toISOString().replace(/[:.]/g, "-")}`,
    maxErrors: 0, heapToleranceMiB: 16, heapTolerancePercent: 25, allowRemote: values["allow-remote"] === true,
  };
  const target = options as unknown as Record<string, unknown>;
  for (const spec of NUMBERS) {
    const raw = values[spec.flag];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    const value = Number(text);
    const pattern = spec.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
    if (!pattern.test(text) || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      return { kind: "error", message: `--${spec.flag} must be ${spec.integer ? "a whole number" : "a number"} from ${spec.min} to ${spec.max} (got "${text}")` };
    }
    target[spec.key] = value;
  }
  if (options.cycles > 1 && values.settle === undefined) options.settleSeconds = CYCLES_SETTLE_SECONDS;
  for (const item of ((values.url as string[] | undefined) ?? []).flatMap((u) => u.split(","))) {
    const checked = checkUrl(item.trim());
    if (!checked.ok) return { kind: "error", message: checked.error };
    options.urls.push(checked.value as string);
  }
  for (const item of ((values["metrics-url"] as string[] | undefined) ?? []).flatMap((u) => u.split(","))) {
    const text = item.trim();
    if (!/^https?:\/\/[^/\s]+/.test(text)) return { kind: "error", message: `--metrics-url must be an http:// or https:// URL (got "${text}")` };
    options.metricsEndpoints.push(text);
  }
  if (typeof values["redis-url"] === "string") {
    const text = values["redis-url"].trim();
    if (!/^rediss?:\/\/[^\s]+$/.test(text)) return { kind: "error", message: `--redis-url must be a redis:// or rediss:// URL (got "${text}")` };
    options.redisUrl = text;
  }
  if (typeof values.out === "string") {
    if (values.out.trim() === "") return { kind: "error", message: "--out needs a value" };
    options.outDir = values.out.trim();
  }

  if (options.urls.length > 0 && values.processes !== undefined) {
    return { kind: "error", message: "--processes starts the soak's own servers: leave it out with --url" };
  }
  if (options.urls.length === 0 && options.metricsEndpoints.length > 0) {
    return { kind: "error", message: "--metrics-url applies to servers given with --url" };
  }
  if (options.urls.length === 0 && options.redisUrl !== null) {
    return { kind: "error", message: "--redis-url applies to servers given with --url (with --processes 2 the soak uses its own Redis)" };
  }
  const remote = options.urls.find((url) => !isLoopbackUrl(url));
  if (remote && !options.allowRemote) {
    return { kind: "error", message: `--url points at ${new URL(remote).hostname}, not this machine: add --allow-remote to soak a remote server` };
  }
  if (new Set(options.urls).size !== options.urls.length) return { kind: "error", message: "--url lists the same server twice" };
  return { kind: "run", options };
}
