// The soak's churn: besides playing, each bot now and then drops its connection (the SDK
// reconnects with its token), reloads (socket closed abruptly, then client.reconnect with
// the token through the next server), or leaves and rejoins after a pause (by quick play,
// or in a room of its own, so rooms are created and disposed too). Every choice comes from
// the bot's seeded stream, so a soak with the same seed asks the same of the server.
import { createRng, type Rng } from "../shared/sim/random.ts";
import type { Bot, Rejoin } from "./bot.ts";
import type { ChurnSettings } from "./messages.ts";

export type ChurnAction = "drop" | "reload" | "rejoin";

/**
 * The SDK reconnects by itself only in a room joined at least 5 s ago (its `minUptime`);
 * a bot acts no sooner than this after it (re)joined.
 */
export const MIN_LIVE_BEFORE_ACTION_MS = 6000;

/** The bot's own churn decisions, from its seed. */
export class ChurnPlan {
  private readonly rng: Rng;

  constructor(private readonly settings: ChurnSettings, seed: number) {
    this.rng = createRng((seed ^ 0x5eed_c0de) >>> 0);
  }

  /** How long the bot plays before its next action: 0.5×–1.5× the mean, never under the SDK's reconnect uptime. */
  nextWaitMs(): number {
    return Math.max(MIN_LIVE_BEFORE_ACTION_MS, this.rng.range(0.5, 1.5) * this.settings.meanSeconds * 1000);
  }

  pickAction(): ChurnAction {
    const { drop, reload, rejoin } = this.settings.weights;
    const total = drop + reload + rejoin;
    if (total <= 0) return "rejoin";
    const r = this.rng.next() * total;
    return r < drop ? "drop" : r < drop + reload ? "reload" : "rejoin";
  }

  rejoinPauseMs(): number {
    const [min, max] = this.settings.rejoinPauseMs;
    return this.rng.range(min, max);
  }

  rejoin(): Rejoin {
    return { role: this.rng.next() < this.settings.createShare ? "create" : "joinOrCreate" };
  }
}

/** One bot's churn: called on the bot's input ticks, it starts the next action when its time has come. */
export class BotChurn {
  private nextActionAt = 0;
  private rejoinAt = 0;

  constructor(readonly bot: Bot, private readonly plan: ChurnPlan, private readonly track: (work: Promise<unknown>) => void) {}

  step(now: number): void {
    const { bot } = this;
    if (bot.phase === "in") {
      this.rejoinAt = 0;
      const live = bot.liveForMs(now);
      if (live < 0) return; // dropped: the SDK is reconnecting
      if (this.nextActionAt === 0) this.nextActionAt = now + this.plan.nextWaitMs();
      if (now < this.nextActionAt || live < MIN_LIVE_BEFORE_ACTION_MS) return;
      this.nextActionAt = 0;
      switch (this.plan.pickAction()) {
        case "drop": bot.drop(); break;
        case "reload": this.track(bot.reload()); break;
        case "rejoin": this.track(bot.leave()); break;
      }
    } else if (bot.phase === "out") {
      // Out after a planned leave, a failed join or a lost reconnection: back in after a pause.
      if (this.rejoinAt === 0) this.rejoinAt = now + this.plan.rejoinPauseMs();
      if (now < this.rejoinAt) return;
      this.rejoinAt = 0;
      this.track(bot.join(this.plan.rejoin()));
    }
  }
}
