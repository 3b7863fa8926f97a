// What the main thread and the bot workers say to each other (structured-clone data only).
import type { GameMode } from "../shared/protocol.ts";
import type { HistogramData } from "./histogram.ts";
import type { TrafficCounters } from "../client/src/net/meteredClient.ts";
import type { BotPlan } from "./plan.ts";

/** Passed as workerData. */
export interface WorkerInit {
  workerIndex: number;
  /** http(s) endpoints the SDK Clients are built with, one per server (BotPlan.target indexes them). */
  httpUrls: string[];
  mode: GameMode;
  inputHz: number;
  echoHz: number;
  chatPerMinute: number;
  joinTimeoutMs: number;
  /** How often the worker reports, in ms. */
  sampleEveryMs: number;
  /** The soak's churn (drops, reconnections, leaves and rejoins); null for a load run. */
  churn: ChurnSettings | null;
}

/** What the soak makes its bots do besides playing (see churn.ts). */
export interface ChurnSettings {
  /** Mean seconds between two actions of one bot; each wait is drawn from 0.5×–1.5× of it. */
  meanSeconds: number;
  /** Relative weights of the actions. */
  weights: { drop: number; reload: number; rejoin: number };
  /** How long a bot stays out between a planned leave and its rejoin, ms. */
  rejoinPauseMs: [number, number];
  /** Share of rejoins that create a room of their own (so rooms are created and disposed) instead of joinOrCreate. */
  createShare: number;
}

export type ToWorker =
  /** Bots to add; each joins at startEpochMs + plan.joinAtMs (epoch ms, shared across threads). */
  | { type: "spawn"; bots: BotPlan[]; startEpochMs: number }
  /** Leave every room, report once more, then answer "stopped". */
  | { type: "stop" };

export type FromWorker =
  | { type: "sample"; sample: WorkerSample }
  | { type: "stopped"; sample: WorkerSample };

/** A worker's cumulative counts of what its bots did; the swarm adds them up across workers. */
export interface BotCounters {
  /** Bots handed out so far. */
  bots: number;
  connected: number;
  joinsOk: number;
  joinFailures: number;
  roomErrors: number;
  /** Rooms left without the bot asking (kicked, server gone, reconnection failed). */
  unexpectedLeaves: number;
  /** Connections dropped (the SDK then tries to reconnect). */
  drops: number;
  reconnects: number;
  kills: number;
  echoesSent: number;
  echoesReceived: number;
  chatSent: number;
  /** Chat lines received, split by kind: what players said, and the room's own notices (joins, leaves). */
  chatPlayerLinesReceived: number;
  chatSystemLinesReceived: number;
  chatRejected: number;
  /** Input ticks the shared timer had to skip because the worker fell behind. */
  missedTicks: number;
  /** Time every bot spent decoding its own room state (full states and patches) and SHOTS messages, ms; see decodeMeter.ts. */
  decodeMs: number;
  patchesDecoded: number;
  fullStatesDecoded: number;
  shotMessagesDecoded: number;
  /** State and SHOTS bytes handed to the bots' decoders (frame headers excluded). */
  stateBytesDecoded: number;
}

export const emptyChurn = (): ChurnCounters => ({ plannedDrops: 0, plannedReloads: 0, reloadsOk: 0, reconnectFailures: 0, plannedLeaves: 0 });

/** What the soak's churn did (see churn.ts), cumulative per worker. */
export interface ChurnCounters {
  /** Soak churn: sockets closed abruptly for the SDK to reconnect with its token. */
  plannedDrops: number;
  /** Soak churn: sockets closed abruptly, then a fresh client.reconnect(token), as a reloaded page does. */
  plannedReloads: number;
  reloadsOk: number;
  /** Reconnections that failed (the SDK's own, or a reload's); each is an unexpected leave as well. */
  reconnectFailures: number;
  /** Soak churn: consented leaves (the bot rejoins after a pause). */
  plannedLeaves: number;
}

/**
 * One worker's report. Counters are cumulative since the worker started; histograms
 * hold only what was recorded since the previous sample, so the main thread merges them.
 */
export interface WorkerSample extends BotCounters {
  workerIndex: number;
  atEpochMs: number;
  traffic: TrafficCounters;
  /** Event-loop utilization (0–1) since the previous sample: the worker's own CPU saturation. */
  elu: number;
  /** This worker thread's own CPU since the previous sample, % of one core; null where Node lacks per-thread CPU time. */
  cpuPercent: number | null;
  expectedPatchIntervalMs: number;
  rttMs: HistogramData;
  joinMs: HistogramData;
  patchIntervalMs: HistogramData;
  patchJitterMs: HistogramData;
  /** How late the shared input timer fired. */
  tickLagMs: HistogramData;
  /** Decode time of each patch, in µs (see DecodeCounters.patchDecodeUs). */
  patchDecodeUs: HistogramData;
  /** Error messages seen so far, with counts (a bounded number of distinct messages). */
  errorMessages: Record<string, number>;
  /** The soak's churn counters (absent from samples made without them, e.g. in tests). */
  churn?: ChurnCounters;
  /** Room ids this worker's bots entered for the first time since the previous sample. */
  newRoomIds?: string[];
}
