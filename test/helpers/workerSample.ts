import { Histogram } from "../../loadbots/histogram.ts";
import type { WorkerSample } from "../../loadbots/messages.ts";

/** A worker's report with 10 quiet, connected bots and empty histograms; `over` replaces any field. */
export function workerSample(over: Partial<WorkerSample> = {}): WorkerSample {
  const empty = () => new Histogram().toData();
  return {
    workerIndex: 0, atEpochMs: 0, bots: 10, connected: 10, joinsOk: 10, joinFailures: 0, roomErrors: 0, unexpectedLeaves: 0, drops: 0,
    reconnects: 0, kills: 0, echoesSent: 0, echoesReceived: 0, chatSent: 0, chatPlayerLinesReceived: 0, chatSystemLinesReceived: 0, chatRejected: 0, missedTicks: 0,
    decodeMs: 0, patchesDecoded: 0, fullStatesDecoded: 0, shotMessagesDecoded: 0, stateBytesDecoded: 0,
    traffic: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 }, elu: 0.25, cpuPercent: null, expectedPatchIntervalMs: 50,
    rttMs: empty(), joinMs: empty(), patchIntervalMs: empty(), patchJitterMs: empty(), tickLagMs: empty(), patchDecodeUs: empty(),
    errorMessages: {}, ...over,
  };
}
