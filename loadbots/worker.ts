// A worker thread running a share of the swarm. One TickWheel drives every bot's input
// tick and starts joins when their time comes; a second timer reports to the main thread.
import "./globalWebSocket.ts";
import { parentPort, workerData } from "node:worker_threads";
import { Bot } from "./bot.ts";
import { BotChurn, ChurnPlan } from "./churn.ts";
import type { FromWorker, ToWorker, WorkerInit } from "./messages.ts";
import { MeteredClient } from "../client/src/net/meteredClient.ts";
import { RoomGroups } from "./roomGroups.ts";
import type { BotPlan } from "./plan.ts";
import { TickWheel, type WheelFire } from "./tickWheel.ts";
import { WorkerStats } from "./workerStats.ts";

/** Slots per input period: a worker's bots send in this many staggered batches. */
const WHEEL_SLOTS = 4;
/** Joins started in one wheel fire at most, so a late worker does not stampede the server. */
const MAX_JOINS_PER_FIRE = 64;
/** How long stop() waits for joins still in flight. */
const STOP_JOIN_GRACE_MS = 5000;

const epochNow = () => performance.timeOrigin + performance.now();

class BotWorker {
  private readonly stats: WorkerStats;
  private readonly clients: MeteredClient[];
  private readonly groups = new RoomGroups();
  private readonly bots: Bot[] = [];
  private readonly slots: Bot[][] = Array.from({ length: WHEEL_SLOTS }, () => []);
  /** The soak's churn, per slot like the bots' ticks; empty for a load run. */
  private readonly churnSlots: BotChurn[][] = Array.from({ length: WHEEL_SLOTS }, () => []);
  private readonly joining = new Set<Promise<void>>();
  private pending: { atEpochMs: number; plan: BotPlan }[] = [];
  private readonly wheel: TickWheel;
  private readonly sampler: ReturnType<typeof setInterval>;
  private readonly echoEveryTicks: number;
  private readonly chatEveryTicks: number;
  private stopped = false;

  constructor(private readonly init: WorkerInit, private readonly post: (message: FromWorker) => void) {
    this.stats = new WorkerStats(init.workerIndex);
    this.clients = init.httpUrls.map((url) => new MeteredClient(url, this.stats.traffic));
    this.echoEveryTicks = Math.max(1, Math.round(init.inputHz / init.echoHz));
    this.chatEveryTicks = init.chatPerMinute > 0 ? Math.max(1, Math.ceil((init.inputHz * 60) / init.chatPerMinute)) : 0;
    this.wheel = new TickWheel(1000 / init.inputHz, WHEEL_SLOTS, (fire) => this.onFire(fire));
    this.sampler = setInterval(() => this.report("sample"), init.sampleEveryMs);
    this.wheel.start();
  }

  handle(message: ToWorker): void {
    if (message.type === "spawn") this.spawn(message.bots, message.startEpochMs);
    else if (message.type === "stop") void this.stop();
  }

  noteError(message: string): void {
    this.stats.noteError(message);
  }

  private spawn(plans: readonly BotPlan[], startEpochMs: number): void {
    if (this.stopped) return;
    for (const plan of plans) this.pending.push({ atEpochMs: startEpochMs + plan.joinAtMs, plan });
    this.pending.sort((a, b) => a.atEpochMs - b.atEpochMs);
    this.stats.bots += plans.length;
  }

  private onFire({ slot, tick, lateMs }: WheelFire): void {
    this.stats.tickLagMs.record(lateMs);
    this.stats.missedTicks = this.wheel.skipped / WHEEL_SLOTS;
    this.startDueJoins();
    for (const bot of this.slots[slot]) bot.tick(tick);
    if (this.churnSlots[slot].length > 0 && !this.stopped) {
      const now = performance.now();
      for (const churn of this.churnSlots[slot]) churn.step(now);
    }
  }

  /** Work a stop must wait for (joins, reconnections, leaves). */
  private track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work.then(() => {}, () => {}).finally(() => this.joining.delete(tracked));
    this.joining.add(tracked);
  }

  private startDueJoins(): void {
    const now = epochNow();
    let started = 0;
    while (this.pending.length > 0 && this.pending[0].atEpochMs <= now && started < MAX_JOINS_PER_FIRE) {
      const { plan } = this.pending.shift()!;
      const bot = new Bot(plan, {
        clients: this.clients,
        stats: this.stats,
        mode: this.init.mode,
        joinTimeoutMs: this.init.joinTimeoutMs,
        echoEveryTicks: this.echoEveryTicks,
        chatEveryTicks: this.chatEveryTicks,
        groups: this.groups,
      });
      this.bots.push(bot);
      this.slots[plan.index % WHEEL_SLOTS].push(bot);
      if (this.init.churn) {
        this.churnSlots[plan.index % WHEEL_SLOTS].push(new BotChurn(bot, new ChurnPlan(this.init.churn, plan.seed), (work) => this.track(work)));
      }
      this.track(bot.join());
      started++;
    }
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.pending = [];
    this.wheel.stop();
    clearInterval(this.sampler);
    // Bots still joining leave as soon as their join completes (Bot.join checks for stop).
    const leaving = Promise.allSettled(this.bots.map((bot) => bot.stop()));
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([leaving, ...this.joining]),
      new Promise((resolve) => { grace = setTimeout(resolve, STOP_JOIN_GRACE_MS); }),
    ]);
    clearTimeout(grace);
    this.report("stopped");
  }

  private report(type: "sample" | "stopped"): void {
    this.post({ type, sample: this.stats.sample() });
  }
}

const port = parentPort;
if (!port) throw new Error("loadbots/worker.ts runs as a worker thread (see swarm.ts)");

const worker = new BotWorker(workerData as WorkerInit, (message) => port.postMessage(message));
port.on("message", (message: ToWorker) => worker.handle(message));
// A stray rejection inside the SDK must not take the whole worker (and its bots) down.
process.on("unhandledRejection", (reason) => {
  worker.noteError(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
});
