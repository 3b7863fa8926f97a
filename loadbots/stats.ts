// Small pure computations behind the report's numbers, kept apart so tests can pin them.

/**
 * Tracks the gaps between one client's state patches. Jitter is how far each gap differs
 * from the gap between the server's sends of the same two patches (their ticks apart, in
 * ms): |arrival gap − send gap|. Patches follow the server's ticks, so send gaps alternate
 * (20 Hz over a 30 Hz tick: 33 and 67 ms); only what the network and the client add counts
 * as jitter. A send time of NaN (unknown) yields the gap and a NaN jitter.
 */
export class PatchClock {
  private last: { arrivalMs: number; sentMs: number } | undefined;
  private sentGapsMs = 0;
  private gaps = 0;

  /** The server's mean interval between patches so far (its patch rate), or null before two patches. */
  get meanSentGapMs(): number | null {
    return this.gaps > 0 ? this.sentGapsMs / this.gaps : null;
  }

  /** Notes a patch received at `arrivalMs` that the server sent at `sentMs` (its tick × STEP_MS); returns the gap and its jitter, or undefined for the first patch. */
  onPatch(arrivalMs: number, sentMs: number): { intervalMs: number; jitterMs: number } | undefined {
    const last = this.last;
    this.last = { arrivalMs, sentMs };
    if (last === undefined) return undefined;
    const intervalMs = arrivalMs - last.arrivalMs;
    if (!Number.isNaN(sentMs - last.sentMs)) {
      this.sentGapsMs += sentMs - last.sentMs;
      this.gaps++;
    }
    return { intervalMs, jitterMs: Math.abs(intervalMs - (sentMs - last.sentMs)) };
  }
}

/** Jitter of every gap in a list of (arrival, server send) times: the batch form of PatchClock. */
export function patchJitters(patches: readonly (readonly [arrivalMs: number, sentMs: number])[]): number[] {
  const clock = new PatchClock();
  const out: number[] = [];
  for (const [arrival, sent] of patches) {
    const gap = clock.onPatch(arrival, sent);
    if (gap) out.push(gap.jitterMs);
  }
  return out;
}

/** Per-second rate of a cumulative counter between two readings; 0 when time did not advance. */
export function ratePerSecond(before: number, after: number, elapsedMs: number): number {
  return elapsedMs > 0 ? ((after - before) * 1000) / elapsedMs : 0;
}

/** CPU use in percent of one core, from two readings of a CPU-seconds counter. */
export function cpuPercent(cpuSecondsBefore: number, cpuSecondsAfter: number, elapsedMs: number): number {
  return elapsedMs > 0 ? ((cpuSecondsAfter - cpuSecondsBefore) * 100_000) / elapsedMs : 0;
}

/**
 * CPU seconds (user + system) of the calling thread alone, or null where Node cannot tell
 * (`process.threadCpuUsage` arrived in Node 23.9; Node 20 and 22 lack it).
 */
export function threadCpuSeconds(): number | null {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return usage ? (usage.user + usage.system) / 1e6 : null;
}

/**
 * CPU milliseconds a process spent per client-second it served: each one-second point's
 * CPU (percent of one core) over the clients connected then, summed over the run. What one
 * more player costs; null without a point that has both.
 */
export function cpuMsPerClientSecond(points: readonly { cpuPercent: number | null; clients: number }[]): number | null {
  let cpuMs = 0, clientSeconds = 0;
  for (const p of points) {
    if (p.cpuPercent === null || p.clients <= 0) continue;
    cpuMs += p.cpuPercent * 10; // percent of one core over one second, in ms
    clientSeconds += p.clients;
  }
  return clientSeconds > 0 ? cpuMs / clientSeconds : null;
}

/** What os.cpus() reports per core, in ms spent per mode. */
export interface CoreTimes { user: number; nice: number; sys: number; idle: number; irq: number }

/**
 * How busy the whole machine was between two os.cpus() readings, in percent of all
 * cores (100 = every core busy). When the bots and the server share a machine, this
 * says whether the machine itself, rather than either process, was the limit.
 */
export function machineCpuPercent(before: readonly CoreTimes[], after: readonly CoreTimes[]): number {
  let busy = 0, total = 0;
  for (let i = 0; i < Math.min(before.length, after.length); i++) {
    const a = before[i], b = after[i];
    const idle = b.idle - a.idle;
    const work = b.user - a.user + (b.nice - a.nice) + (b.sys - a.sys) + (b.irq - a.irq);
    busy += work;
    total += work + idle;
  }
  return total > 0 ? (busy * 100) / total : 0;
}

/**
 * The part of the machine's CPU (percent of all cores) used by neither the bots nor,
 * when it runs here, the server: other processes competing for the same cores. Null
 * when the local server's own share is unknown.
 */
export function otherCpuPercent(
  machinePercent: number, cores: number, botPercentOfCore: number, serverPercentOfCore: number | null, serverIsLocal: boolean,
): number | null {
  if (serverIsLocal && serverPercentOfCore === null) return null;
  const ours = botPercentOfCore + (serverIsLocal ? serverPercentOfCore ?? 0 : 0);
  return Math.max(0, machinePercent - ours / cores);
}

/**
 * Bytes per connected client per second over a run: total bytes divided by the
 * client-seconds actually connected (the integral of the connected count over time).
 */
export function perClientPerSecond(totalBytes: number, clientSeconds: number): number {
  return clientSeconds > 0 ? totalBytes / clientSeconds : 0;
}

export interface NumberSeries {
  mean: number;
  max: number;
}

/** Mean and max of the finite values in a series (0 and 0 when none). */
export function meanAndMax(values: readonly (number | null | undefined)[]): NumberSeries {
  let sum = 0, n = 0, max = 0;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    sum += v;
    n++;
    if (n === 1 || v > max) max = v;
  }
  return { mean: n ? sum / n : 0, max };
}

/** Rounds to a fixed number of decimals, for readable JSON. */
export const roundTo = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};
