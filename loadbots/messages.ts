// What the main thread and the bot workers say to each other (structured-clone data only).
import type { GameMode } from "../shared/protocol.ts";
import type { HistogramData } from "./histogram.ts";
import type { TrafficCounters } from "../client/src/net/meteredClient.ts";
import type { BotPlan } from "./plan.ts";

/** Passed as workerData. */
export interface WorkerInit {
  workerIndex: number;
  /** http(s) endpoint the SDK Client is built with. */
  httpUrl: string;
  mode: GameMode;
  inputHz: number;
  echoHz: number;
  chatPerMinute: number;
  joinTimeoutMs: number;
  /** How often the worker reports, in ms. */
  sampleEveryMs: number;
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
  /** Rooms whose state this worker decoded (one bot per room; its other bots there read that state). */
  decodedRooms: number;
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
  /** Error messages seen so far, with counts (a bounded number of distinct messages). */
  errorMessages: Record<string, number>;
}
