// What decoding its own room state costs a bot. The SDK's Room hands every full state
// (ROOM_STATE) to its serializer's setState and every patch (ROOM_STATE_PATCH) to its
// patch, each with the frame and an iterator past the header; timing those two calls
// measures the schema decode alone, not the socket, the SDK's dispatch or the bot's own
// onStateChange work. A bot decodes its SHOTS messages too (what a client must), timed alike.
import { decodeShots, type ShotsMessage } from "../shared/protocol.ts";
import type { Histogram } from "./histogram.ts";

export interface DecodeCounters {
  /** Time spent in the serializer, full states and patches, ms. */
  decodeMs: number;
  patchesDecoded: number;
  fullStatesDecoded: number;
  shotMessagesDecoded: number;
  /** State and SHOTS bytes handed to the decoders (frame headers excluded). */
  stateBytesDecoded: number;
  /**
   * Decode time of each patch, in µs (recorded in the histogram's ms unit, so its
   * resolution of a thousandth of a unit is a nanosecond here).
   */
  readonly patchDecodeUs: Histogram;
}

/** The two serializer calls the SDK's Room makes with state bytes. */
export interface StateSerializer {
  setState(bytes: Uint8Array, it?: { offset: number }): unknown;
  patch(bytes: Uint8Array, it?: { offset: number }): unknown;
}

/** Wraps a room's serializer so each full state and patch it decodes is timed and counted into `counters`. */
export function meterDecoding(serializer: StateSerializer, counters: DecodeCounters): void {
  const setState = serializer.setState.bind(serializer);
  const patch = serializer.patch.bind(serializer);
  // The decoder moves the iterator to the end, so the offset is read before the call.
  serializer.setState = (bytes, it) => {
    const offset = it?.offset ?? 0;
    const startedAt = performance.now();
    const result = setState(bytes, it);
    counters.decodeMs += performance.now() - startedAt;
    counters.fullStatesDecoded++;
    counters.stateBytesDecoded += bytes.byteLength - offset;
    return result;
  };
  serializer.patch = (bytes, it) => {
    const offset = it?.offset ?? 0;
    const startedAt = performance.now();
    const result = patch(bytes, it);
    const ms = performance.now() - startedAt;
    counters.decodeMs += ms;
    counters.patchesDecoded++;
    counters.stateBytesDecoded += bytes.byteLength - offset;
    counters.patchDecodeUs.record(ms * 1000);
    return result;
  };
}

/** Decodes a SHOTS payload as a client must, timed and counted into `counters`; null when malformed. */
export function decodeShotsMetered(bytes: Uint8Array, counters: DecodeCounters): ShotsMessage | null {
  const startedAt = performance.now();
  const message = decodeShots(bytes);
  counters.decodeMs += performance.now() - startedAt;
  counters.shotMessagesDecoded++;
  counters.stateBytesDecoded += bytes.byteLength;
  return message.ok ? message.value : null;
}
