// The netcode as a player feels it, measured. For each network profile (round trip and
// jitter per direction), a real server process hosts a 32-player free-for-all: 31 load bots
// and one measured client that runs the browser's netcode headless (bench/netcode/
// MeasuredClient.ts), everyone through a delaying relay. Over a window of play with walls,
// dashes, deaths and respawns it reports prediction error, visible corrections,
// interpolation quality, shot registration, messages and server CPU per player-second, and
// what the input playout buffer costs; then keypress-to-motion in Chromium through the relay.
//   npm run bench:netcode [-- --seconds 60 --profiles 0:0,150:30,250:50 --no-browser]
// Prints a table and writes bench-output/netcode.json. Numbers are measured, never asserted.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { MAX_REWIND_TICKS, STEP_MS } from "../shared/constants.ts";
import { MatchPhase } from "../shared/protocol.ts";
import { startLatencyRelay, symmetricProfile, type LatencyRelay } from "../loadbots/latencyRelay.ts";
import { parsePrometheus } from "../loadbots/metricsProbe.ts";
import { parseCli } from "../loadbots/options.ts";
import { runLoad } from "../loadbots/run.ts";
import { startChildServer, type ChildServer } from "../test/helpers/childServer.ts";
import { measureKeypressInBrowser } from "./netcode/browserKeypress.ts";
import { MeasuredClient, type WindowMeasures } from "./netcode/MeasuredClient.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    profiles: { type: "string", default: "0:0,150:30,250:50" },
    bots: { type: "string", default: "31" },
    "no-browser": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const BOTS = Number(values.bots);
const PROFILES = String(values.profiles).split(",").map((p) => p.split(":").map(Number) as [number, number]);
if (!(SECONDS >= 10 && SECONDS <= 3600) || !(BOTS >= 1 && BOTS <= 127) || PROFILES.some(([r, j]) => !(r >= 0 && j >= 0))) {
  console.error("usage: --seconds 10..3600 --bots 1..127 --profiles rtt:jitter,... (ms)");
  process.exit(2);
}
/** After the match starts, prediction and the delay settle for this long before measuring. */
const SETTLE_MS = 4000;

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (v: number | null, digits = 3) => (v === null ? null : +v.toFixed(digits));

async function readMetrics(server: ChildServer): Promise<Map<string, number>> {
  return parsePrometheus(await server.metricsText());
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runProfile(rttMs: number, jitterMs: number) {
  const server = await startChildServer({ MAX_CONNECTIONS_PER_IP: "0", MAX_JOINS_PER_IP_PER_MINUTE: "0", MAX_PLAYERS: String(BOTS + 1) });
  let relay: LatencyRelay | null = null;
  const bots = new AbortController();
  let measured: MeasuredClient | null = null;
  try {
    relay = await startLatencyRelay({ targetPort: server.port, ...symmetricProfile(rttMs, jitterMs), seed: rttMs * 1000 + jitterMs });
    measured = await MeasuredClient.join(relay.httpUrl, 7);
    measured.start();
    const parsed = parseCli(["--url", relay.wsUrl, "--clients", String(BOTS), "--duration", String(SECONDS + 120), "--workers", "1",
      "--echo-hz", "1", "--out", `bench-output/netcode-bots-${rttMs}-${jitterMs}`]);
    if (parsed.kind !== "run") throw new Error(`bot options: ${JSON.stringify(parsed)}`);
    const botRun = runLoad(parsed.options, { signal: bots.signal }).catch((error) => { console.error("bots failed:", error); return null; });
    const client = measured;
    await until("every bot in the measured client's room", () => client.state.players?.size === BOTS + 1, 60_000);
    await until("the match to start", () => client.state.phase === MatchPhase.PLAYING, 60_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    const before = await readMetrics(server);
    measured.beginWindow();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const window = await measured.endWindow();
    const after = await readMetrics(server);
    const players = measured.state.players.size;
    const keypress = values["no-browser"] ? null : await measureKeypressInBrowser(relay.httpUrl).catch((error: Error) => {
      console.error(`browser measurement failed: ${error.message}`);
      return null;
    });
    bots.abort();
    await botRun;
    return summarize(rttMs, jitterMs, window, before, after, players, measured.lateFrames, keypress);
  } finally {
    bots.abort();
    await measured?.leave();
    await relay?.close();
    server.kill();
    await server.exited;
  }
}

function summarize(rttMs: number, jitterMs: number, w: WindowMeasures, before: Map<string, number>, after: Map<string, number>,
  players: number, lateFrames: number, keypress: Awaited<ReturnType<typeof measureKeypressInBrowser>>) {
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const applied = delta("skirmish_inputs_applied_total");
  const minutes = w.seconds / 60;
  return {
    profile: `${rttMs} ms ± ${jitterMs}`,
    rttMs, jitterMs,
    seconds: round(w.seconds, 1),
    players,
    measuredPingMsP50: round(quantile(w.pingsMs, 0.5), 1),
    interpDelayMsP50: round(quantile(w.interpDelaysMs, 0.5), 1),
    ownErrorAtAckU: { samples: w.errorsAtAck.length, p50: round(quantile(w.errorsAtAck, 0.5)), p99: round(quantile(w.errorsAtAck, 0.99)), max: round(quantile(w.errorsAtAck, 1)) },
    visibleCorrectionsPerMinute: round(w.corrections / minutes, 2),
    snapsPerMinute: round(w.snaps / minutes, 2),
    remoteFrames: w.remoteFrames,
    remoteExtrapolatedOrFrozenShare: round(w.extrapolatedFrames / Math.max(1, w.remoteFrames), 4),
    constantSpeedFrames: w.constantSpeedFrames,
    constantSpeedWithin15PctShare: round(w.constantSpeedFramesWithin / Math.max(1, w.constantSpeedFrames), 4),
    shots: {
      fired: w.shotsFired,
      seenHit: w.shotsSeenHit,
      seenAndRegisteredShare: round(w.shotsSeenAndRegistered / Math.max(1, w.shotsSeenHit), 4),
      /** Seen hits never registered, and of those the ones whose victim had just died on the server (killed by another shot first). */
      seenMissed: w.shotsSeenMissed,
      seenMissedTargetDead: w.shotsSeenMissedTargetDead,
      /** Of the seen hits on a victim still alive on the server, the share that registered. */
      aliveTargetRegisteredShare: round(w.shotsSeenAndRegistered / Math.max(1, w.shotsSeenHit - w.shotsSeenMissedTargetDead), 4),
      registeredUnseen: w.shotsRegisteredUnseen,
    },
    measuredClient: {
      messagesPerSecond: round((w.messagesIn + w.messagesOut) / w.seconds, 1),
      messagesInPerSecond: round(w.messagesIn / w.seconds, 1),
      messagesOutPerSecond: round(w.messagesOut / w.seconds, 1),
      bytesInPerSecond: Math.round(w.bytesIn / w.seconds),
      bytesOutPerSecond: Math.round(w.bytesOut / w.seconds),
      framesPerSecond: round(w.frames / w.seconds, 1),
      lateFrames,
    },
    server: {
      cpuMsPerPlayerSecond: round((delta("process_cpu_seconds_total") * 1000) / (players * w.seconds), 3),
      inputWaitMsMean: round(applied > 0 ? (delta("skirmish_input_wait_ticks_total") / applied) * STEP_MS : null, 1),
      inputStallsPerPlayerMinute: round(delta("skirmish_input_stalls_total") / (players * minutes), 2),
      inputDoubleStepsPerPlayerMinute: round(delta("skirmish_input_double_steps_total") / (players * minutes), 2),
      shotsBeyondCompensationShare: round(delta("skirmish_shots_beyond_compensation_total") / Math.max(1, delta("skirmish_shots_total")), 4),
    },
    browserKeypressToMotionMs: keypress,
  };
}

const machine = { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` };
console.log(`Skirmish netcode benchmark: ${BOTS} bots + 1 measured client in one room, ${SECONDS} s per profile, max rewind ${MAX_REWIND_TICKS} ticks`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; server, bots and measured client share it\n`);
if (!values["no-browser"] && !existsSync("dist/client/index.html")) console.warn("dist/client is not built: the browser measurement is skipped (npm run build)");
const results: ReturnType<typeof summarize>[] = [];
for (const [rtt, jitter] of PROFILES) {
  console.log(`— ${rtt} ms ± ${jitter} …`);
  const result = await runProfile(rtt, jitter);
  console.log(JSON.stringify(result, null, 1));
  results.push(result);
}
const row = (label: string, pick: (r: (typeof results)[number]) => unknown) => [label, ...results.map((r) => String(pick(r)))];
const table = [
  row("profile (RTT ± jitter per direction)", (r) => r.profile),
  row("ping p50 (ms)", (r) => r.measuredPingMsP50),
  row("interpolation delay p50 (ms)", (r) => r.interpDelayMsP50),
  row("own error at ack p99 / max (u)", (r) => `${r.ownErrorAtAckU.p99} / ${r.ownErrorAtAckU.max}`),
  row("visible corrections / min", (r) => r.visibleCorrectionsPerMinute),
  row("snaps (respawns) / min", (r) => r.snapsPerMinute),
  row("remote frames extrapolated/frozen", (r) => `${(r.remoteExtrapolatedOrFrozenShare! * 100).toFixed(2)} %`),
  row("constant-speed frames within ±15 %", (r) => `${(r.constantSpeedWithin15PctShare! * 100).toFixed(2)} % of ${r.constantSpeedFrames}`),
  row("shots seen hitting that registered", (r) => `${(r.shots.seenAndRegisteredShare! * 100).toFixed(1)} % of ${r.shots.seenHit}`),
  row("seen hits missed: victim already dead on server", (r) => `${r.shots.seenMissedTargetDead} of ${r.shots.seenMissed}`),
  row("...registered, victim alive on server", (r) => `${(r.shots.aliveTargetRegisteredShare! * 100).toFixed(1)} %`),
  row("hits registered but not seen", (r) => r.shots.registeredUnseen),
  row("shots beyond lag compensation (all players)", (r) => `${((r.server.shotsBeyondCompensationShare ?? 0) * 100).toFixed(1)} %`),
  row("messages per player-second", (r) => r.measuredClient.messagesPerSecond),
  row("server CPU per player-second (ms)", (r) => r.server.cpuMsPerPlayerSecond),
  row("input playout wait, mean (ms)", (r) => r.server.inputWaitMsMean),
  row("input stalls / player-minute", (r) => r.server.inputStallsPerPlayerMinute),
  row("keypress to motion, browser p50 (ms)", (r) => r.browserKeypressToMotionMs?.p50 ?? "–"),
];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
for (const r of table) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  "));
mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/netcode.json", JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, bots: BOTS, results }, null, 2));
console.log("written bench-output/netcode.json");
