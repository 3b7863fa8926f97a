// One whole run, for the CLI and for tests: start the workers, plan and release the bots
// (all at once, or step by step in a capacity search), tick once a second until the run
// ends, stop every bot, and write the report.
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { TimelinePoint } from "./aggregate.ts";
import { searchCapacity, type CapacityResult } from "./capacity.ts";
import { fetchMetrics, MetricsProbe, metricsUrl } from "./metricsProbe.ts";
import { isLoopbackUrl, type SwarmOptions } from "./options.ts";
import { effectiveWorkers, planBots, type PlanShape } from "./plan.ts";
import { buildReport, writeReport, type Report } from "./report.ts";
import { RunSession } from "./session.ts";
import { Swarm } from "./swarm.ts";

export const ExitCode = { OK: 0, THRESHOLD_FAILED: 1, BAD_OPTIONS: 2, RUN_FAILED: 3, INTERRUPTED: 130 } as const;

export interface RunHooks {
  /** Aborting ends the run early; the report covers what was measured so far. */
  signal?: AbortSignal;
  onPoint?: (point: TimelinePoint, session: RunSession) => void;
}

export interface RunOutcome {
  report: Report;
  exitCode: number;
  files: { json: string; html: string; log: string };
}

export async function runLoad(options: SwarmOptions, hooks: RunHooks = {}): Promise<RunOutcome> {
  await mkdir(options.outDir, { recursive: true });
  const logPath = path.join(options.outDir, "workers.log");
  const log = createWriteStream(logPath);
  const shape: PlanShape = {
    clients: options.clients, rooms: options.rooms, seed: options.seed, rampPerSecond: options.rampPerSecond, workers: options.workers,
    targets: options.urls.length,
  };
  const workersUsed = effectiveWorkers(shape);
  // The token comes from the environment, never from the command line or the report.
  const probes = metricsEndpoints(options).map((url) => new MetricsProbe(url, fetchMetrics(process.env.METRICS_TOKEN)));
  const startedAtMs = Date.now();
  const swarm = new Swarm(options, workersUsed, startedAtMs, log);
  const session: RunSession = new RunSession(swarm, probes, startedAtMs, options.durationSeconds * 1000, options.urls.every(isLoopbackUrl), hooks.signal,
    (point) => hooks.onPoint?.(point, session));

  let capacity: CapacityResult | null = null;
  try {
    if (options.findCapacity) {
      capacity = await searchCapacity(session, options, shape);
    } else {
      session.addBots(planBots(shape, 0, options.clients));
      while (await session.nextSecond()) {
        session.markSteadyWhenSettled();
        // Every join has settled and none succeeded: waiting out the duration would measure nothing.
        if (session.steadyFromSeconds !== null && swarm.aggregate.counters().joinsOk === 0) {
          session.stopReason = "nothing-joined";
          break;
        }
      }
      // For a plain run the time cap is its --duration: reaching it is the normal end.
      if (session.stopReason === "time-cap") session.stopReason = "completed";
    }
  } catch (error) {
    // Still stop every bot and write what was measured.
    swarm.failures.push(`run aborted: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    session.stopReason = "generator-failed";
  }
  session.stopReason ??= "completed";
  const connectedBeforeStop = swarm.aggregate.counters().connected;
  await swarm.stop();
  session.finish();
  await new Promise<void>((resolve) => log.end(resolve));

  const report = buildReport({
    options,
    workersUsed,
    metricsUrl: probes[0].url,
    metricsUrls: probes.map((probe) => probe.url),
    startedAtMs,
    endedAtMs: Date.now(),
    stopReason: session.stopReason,
    plannedBots: session.plannedBots,
    connectedBeforeStop,
    steadyFromSeconds: session.steadyFromSeconds,
    aggregate: swarm.aggregate,
    timeline: session.timeline,
    generatorFailures: swarm.failures,
    capacity,
  });
  const files = await writeReport(options.outDir, report);
  return { report, exitCode: exitCodeFor(report), files: { ...files, log: logPath } };
}

/** One /metrics endpoint per server process: as given with --metrics-url, else one on each --url's host. */
export function metricsEndpoints(options: Pick<SwarmOptions, "urls" | "metricsEndpoints">): string[] {
  return options.metricsEndpoints.length > 0 ? [...options.metricsEndpoints] : options.urls.map(metricsUrl);
}

export function exitCodeFor(report: Report): number {
  if (report.stopReason === "interrupted") return ExitCode.INTERRUPTED;
  if (report.summary.generator.failures.length > 0 || report.summary.joins.ok === 0) return ExitCode.RUN_FAILED;
  return report.thresholds.passed ? ExitCode.OK : ExitCode.THRESHOLD_FAILED;
}
