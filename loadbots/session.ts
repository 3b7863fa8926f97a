// The clock of a run: once a second it reads the server's /metrics and the bot process's
// CPU, closes a timeline point, and tells the driver whether to go on (time cap, Ctrl-C).
import os from "node:os";
import type { ServerPoint, TimelinePoint } from "./aggregate.ts";
import { combineServers, type MetricsProbe } from "./metricsProbe.ts";
import type { BotPlan } from "./plan.ts";
import { cpuPercent, machineCpuPercent, otherCpuPercent, type CoreTimes } from "./stats.ts";
import type { Swarm } from "./swarm.ts";

export type StopReason = "completed" | "interrupted" | "time-cap" | "generator-failed" | "nothing-joined";

export class RunSession {
  readonly timeline: TimelinePoint[] = [];
  stopReason: StopReason | undefined;
  /** Seconds since start at which the ramp was over and every planned join had settled. */
  steadyFromSeconds: number | null = null;
  private readonly joinTimes: number[] = [];
  private targetCount = 0;
  private lastCpu = { atMs: 0, seconds: 0 };
  private lastCores: CoreTimes[] = coreTimes();
  private lastServer: ServerPoint | null = null;
  /** Each process's reading of the last second, when there are several. */
  private lastServers: (ServerPoint | null)[] | null = null;

  constructor(
    readonly swarm: Swarm,
    /** One per server process; several are added up into the timeline's `server`, and kept apart in `servers`. */
    private readonly probes: readonly MetricsProbe[],
    readonly startedAtMs: number,
    private readonly timeCapMs: number,
    /** The servers run on this machine (their CPU then counts as ours, not as outside load). */
    private readonly serverIsLocal: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly onPoint: (point: TimelinePoint) => void,
  ) {
    this.lastCpu = { atMs: startedAtMs, seconds: processCpuSeconds() };
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAtMs;
  }

  /** Bots handed to the swarm so far (the last one's join time is when the ramp ends). */
  addBots(plans: readonly BotPlan[]): void {
    for (const plan of plans) this.joinTimes.push(plan.joinAtMs);
    this.swarm.addBots(plans, this.startedAtMs);
  }

  get plannedBots(): number {
    return this.joinTimes.length;
  }

  /** Bots whose join time has come. */
  target(): number {
    const elapsed = this.elapsedMs;
    while (this.targetCount < this.joinTimes.length && this.joinTimes[this.targetCount] <= elapsed) this.targetCount++;
    return this.targetCount;
  }

  /**
   * Waits for the next whole second of the run and records a timeline point. Returns
   * false, with stopReason set, when the run must end (time cap, interrupt, or the
   * generator itself failed).
   */
  async nextSecond(): Promise<boolean> {
    if (this.stopReason) return false;
    const next = this.startedAtMs + (Math.floor(this.elapsedMs / 1000) + 1) * 1000;
    await sleepUntil(next, this.signal);
    if (this.signal?.aborted) {
      this.stopReason = "interrupted";
      return false;
    }
    const readings = await Promise.all(this.probes.map((probe) => probe.sample()));
    this.lastServer = readings.length === 1 ? readings[0] : combineServers(readings);
    this.lastServers = readings.length > 1 ? readings : null;
    this.recordPoint();
    if (this.swarm.failures.length > 0) this.stopReason = "generator-failed";
    else if (this.elapsedMs >= this.timeCapMs - 500) this.stopReason = "time-cap";
    return this.stopReason === undefined;
  }

  /** The steady phase starts once every planned join has settled (joined or failed). */
  markSteadyWhenSettled(): void {
    if (this.steadyFromSeconds !== null) return;
    const c = this.swarm.aggregate.counters();
    if (this.target() === this.plannedBots && c.joinsOk + c.joinFailures >= this.plannedBots) {
      this.swarm.aggregate.steady = true;
      this.steadyFromSeconds = Math.round(this.elapsedMs / 100) / 10;
    }
  }

  /** A last point after the swarm stopped, so the final counters are in the timeline. */
  finish(): void {
    this.recordPoint();
  }

  private recordPoint(): void {
    const now = Date.now();
    const cpuSeconds = processCpuSeconds();
    const cores = coreTimes();
    const botPercent = cpuPercent(this.lastCpu.seconds, cpuSeconds, now - this.lastCpu.atMs);
    const machinePercent = machineCpuPercent(this.lastCores, cores);
    const serverPercent = this.lastServer?.cpuPercent ?? null;
    const cpu = {
      botPercent,
      machinePercent,
      otherPercent: otherCpuPercent(machinePercent, cores.length, botPercent, serverPercent, this.serverIsLocal),
    };
    this.lastCpu = { atMs: now, seconds: cpuSeconds };
    this.lastCores = cores;
    const point = this.swarm.aggregate.cut(now, this.target(), cpu, this.lastServer, this.lastServers);
    this.timeline.push(point);
    this.onPoint(point);
  }
}

const coreTimes = (): CoreTimes[] => os.cpus().map((c) => c.times);

/** User + system CPU of this whole process (main thread and every worker), in seconds. */
function processCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function sleepUntil(epochMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, Math.max(0, epochMs - Date.now()));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
