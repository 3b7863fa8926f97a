// The swarm across worker threads: starts the workers, hands each its bots, merges what
// they report, and stops them (every bot leaves its room before its worker ends).
import type { Writable } from "node:stream";
import type { Worker } from "node:worker_threads";
import { SwarmAggregate } from "./aggregate.ts";
import type { ChurnSettings, FromWorker, ToWorker, WorkerInit } from "./messages.ts";
import type { SwarmOptions } from "./options.ts";
import type { BotPlan } from "./plan.ts";
import { spawnWorker } from "./spawnWorker.ts";

const WORKER_MODULE = new URL("./worker.ts", import.meta.url);
/** A join that takes longer than this counts as failed. */
export const JOIN_TIMEOUT_MS = 15_000;
const SAMPLE_EVERY_MS = 1000;
/** Workers get this long to leave their rooms and report before they are terminated. */
const STOP_TIMEOUT_MS = 12_000;

interface WorkerHandle {
  index: number;
  worker: Worker;
  stopped: Promise<void>;
  markStopped: () => void;
  exited: boolean;
}

/** ws://host:port → http://host:port (wss → https): the SDK Client takes the http endpoint. */
export function httpEndpoint(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  return url.toString().replace(/\/$/, "");
}

export class Swarm {
  readonly aggregate: SwarmAggregate;
  /** Worker crashes and other problems of the load generator itself (not of the server). */
  readonly failures: string[] = [];
  private readonly handles: WorkerHandle[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    options: Pick<SwarmOptions, "urls" | "mode" | "inputHz" | "echoHz" | "chatPerMinute">,
    workerCount: number,
    startedAtMs: number,
    log: Writable,
    /** The soak's churn. */
    churn: ChurnSettings | null = null,
  ) {
    this.aggregate = new SwarmAggregate(startedAtMs);
    for (let index = 0; index < workerCount; index++) {
      const init: WorkerInit = {
        workerIndex: index,
        httpUrls: options.urls.map(httpEndpoint),
        mode: options.mode,
        inputHz: options.inputHz,
        echoHz: options.echoHz,
        chatPerMinute: options.chatPerMinute,
        joinTimeoutMs: JOIN_TIMEOUT_MS,
        sampleEveryMs: SAMPLE_EVERY_MS,
        churn,
      };
      this.handles.push(this.startWorker(init, log));
    }
  }

  get workerCount(): number {
    return this.handles.length;
  }

  /** Hands bots to their workers; each joins at startEpochMs + plan.joinAtMs. */
  addBots(plans: readonly BotPlan[], startEpochMs: number): void {
    const byWorker = new Map<number, BotPlan[]>();
    for (const plan of plans) {
      const list = byWorker.get(plan.worker) ?? [];
      list.push(plan);
      byWorker.set(plan.worker, list);
    }
    for (const [index, bots] of byWorker) this.send(this.handles[index], { type: "spawn", bots, startEpochMs });
  }

  /** Every bot leaves; resolves once all workers have reported for the last time and ended. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    for (const handle of this.handles) this.send(handle, { type: "stop" });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS); });
    const result = await Promise.race([Promise.all(this.handles.map((h) => h.stopped)), timedOut]);
    clearTimeout(timer);
    if (result === "timeout") this.failures.push(`workers did not stop within ${STOP_TIMEOUT_MS} ms; terminated`);
    await Promise.all(this.handles.map((h) => h.worker.terminate()));
  }

  private startWorker(init: WorkerInit, log: Writable): WorkerHandle {
    const worker = spawnWorker(WORKER_MODULE, { workerData: init, stdout: true, stderr: true });
    let markStopped = () => {};
    const stopped = new Promise<void>((resolve) => { markStopped = resolve; });
    const handle: WorkerHandle = { index: init.workerIndex, worker, stopped, markStopped, exited: false };
    // The SDK logs to the console (reconnection notices, unexpected closes); keep that out of the progress line.
    worker.stdout.pipe(log, { end: false });
    worker.stderr.pipe(log, { end: false });
    worker.on("message", (message: FromWorker) => {
      this.aggregate.ingest(message.sample);
      if (message.type === "stopped") handle.markStopped();
    });
    worker.on("error", (error) => {
      this.failures.push(`worker ${init.workerIndex} crashed: ${error.message}`);
      handle.markStopped();
    });
    worker.on("exit", () => {
      handle.exited = true;
      handle.markStopped();
    });
    return handle;
  }

  private send(handle: WorkerHandle, message: ToWorker): void {
    if (!handle.exited) handle.worker.postMessage(message);
  }
}
