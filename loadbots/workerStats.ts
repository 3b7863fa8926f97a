// Everything one worker measures, in one place, turned into a WorkerSample on demand.
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { PATCH_HZ } from "../shared/constants.ts";
import { decodeChatLine } from "../shared/protocol.ts";
import { Histogram } from "./histogram.ts";
import { emptyTraffic } from "../client/src/net/meteredClient.ts";
import type { DecodeCounters } from "./decodeMeter.ts";
import { cpuPercent, threadCpuSeconds } from "./stats.ts";
import { emptyChurn, type ChurnCounters, type WorkerSample } from "./messages.ts";

/** Distinct error messages kept per worker; later new ones are counted under one key. */
const MAX_DISTINCT_ERRORS = 20;
const OTHER_ERRORS = "(other errors)";

export class WorkerStats implements DecodeCounters {
  bots = 0;
  connected = 0;
  joinsOk = 0;
  joinFailures = 0;
  roomErrors = 0;
  unexpectedLeaves = 0;
  drops = 0;
  reconnects = 0;
  kills = 0;
  echoesSent = 0;
  echoesReceived = 0;
  chatSent = 0;
  chatPlayerLinesReceived = 0;
  chatSystemLinesReceived = 0;
  chatRejected = 0;
  missedTicks = 0;
  decodeMs = 0;
  patchesDecoded = 0;
  fullStatesDecoded = 0;
  shotMessagesDecoded = 0;
  stateBytesDecoded = 0;
  readonly churn: ChurnCounters = emptyChurn();
  expectedPatchIntervalMs = 1000 / PATCH_HZ;
  readonly traffic = emptyTraffic();
  readonly rttMs = new Histogram();
  readonly joinMs = new Histogram();
  readonly patchIntervalMs = new Histogram();
  readonly patchJitterMs = new Histogram();
  readonly tickLagMs = new Histogram();
  readonly patchDecodeUs = new Histogram();
  private readonly errorMessages: Record<string, number> = {};
  /** Every room id seen (a worker's rooms over a whole run: a few hundred at most), and those not yet reported. */
  private readonly roomsSeen = new Set<string>();
  private newRoomIds: string[] = [];
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  private lastCpu = { atMs: performance.now(), seconds: threadCpuSeconds() };

  constructor(readonly workerIndex: number) {}

  noteError(message: string): void {
    const known = message in this.errorMessages;
    const key = known || Object.keys(this.errorMessages).length < MAX_DISTINCT_ERRORS ? message : OTHER_ERRORS;
    this.errorMessages[key] = (this.errorMessages[key] ?? 0) + 1;
  }

  /** Notes a room a bot entered; new ids go to the main thread with the next sample. */
  noteRoom(roomId: string): void {
    if (this.roomsSeen.has(roomId)) return;
    this.roomsSeen.add(roomId);
    this.newRoomIds.push(roomId);
  }

  /** Counts a received chat line as a player's or a system line (joins, leaves), so the report can tell them apart. */
  noteChatLine(payload: unknown): void {
    const line = decodeChatLine(payload);
    if (!line.ok) return this.noteError("chat: malformed line");
    if (line.value.kind === "player") this.chatPlayerLinesReceived++;
    else this.chatSystemLinesReceived++;
  }

  /** Snapshot for the main thread; resets the per-interval histograms. */
  sample(): WorkerSample {
    const elu = performance.eventLoopUtilization(this.lastElu);
    this.lastElu = performance.eventLoopUtilization();
    const cpu = { atMs: performance.now(), seconds: threadCpuSeconds() };
    const before = this.lastCpu;
    this.lastCpu = cpu;
    const sample: WorkerSample = {
      workerIndex: this.workerIndex,
      atEpochMs: performance.timeOrigin + performance.now(),
      bots: this.bots,
      connected: this.connected,
      joinsOk: this.joinsOk,
      joinFailures: this.joinFailures,
      roomErrors: this.roomErrors,
      unexpectedLeaves: this.unexpectedLeaves,
      drops: this.drops,
      reconnects: this.reconnects,
      kills: this.kills,
      echoesSent: this.echoesSent,
      echoesReceived: this.echoesReceived,
      chatSent: this.chatSent,
      chatPlayerLinesReceived: this.chatPlayerLinesReceived,
      chatSystemLinesReceived: this.chatSystemLinesReceived,
      chatRejected: this.chatRejected,
      missedTicks: this.missedTicks,
      decodeMs: this.decodeMs,
      patchesDecoded: this.patchesDecoded,
      fullStatesDecoded: this.fullStatesDecoded,
      shotMessagesDecoded: this.shotMessagesDecoded,
      stateBytesDecoded: this.stateBytesDecoded,
      churn: { ...this.churn },
      traffic: { ...this.traffic },
      elu: elu.utilization,
      cpuPercent: cpu.seconds === null || before.seconds === null ? null : cpuPercent(before.seconds, cpu.seconds, cpu.atMs - before.atMs),
      expectedPatchIntervalMs: this.expectedPatchIntervalMs,
      rttMs: this.rttMs.toData(),
      joinMs: this.joinMs.toData(),
      patchIntervalMs: this.patchIntervalMs.toData(),
      patchJitterMs: this.patchJitterMs.toData(),
      tickLagMs: this.tickLagMs.toData(),
      patchDecodeUs: this.patchDecodeUs.toData(),
      errorMessages: { ...this.errorMessages },
      newRoomIds: this.newRoomIds,
    };
    this.newRoomIds = [];
    for (const h of [this.rttMs, this.joinMs, this.patchIntervalMs, this.patchJitterMs, this.tickLagMs, this.patchDecodeUs]) h.reset();
    return sample;
  }
}
