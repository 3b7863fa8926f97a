// The last net under every promise: a rejection nobody handled is logged with its stack and
// counted (skirmish_unhandled_rejections_total), and the process keeps serving its rooms.
// Every known fire-and-forget call has its own catch; reaching this handler is a bug to fix,
// not a reason to drop every player of the process. An uncaught exception is different:
// state may be corrupt, so it is logged and the process exits for its supervisor to restart.
import type { Logger } from "./log.ts";
import type { ServerMetrics } from "./metrics.ts";

export function watchProcessFaults(target: NodeJS.Process, log: Logger, metrics: ServerMetrics): void {
  target.on("unhandledRejection", (reason) => {
    metrics.counts.unhandledRejections++;
    log.error({ event: "unhandled_rejection", err: reason }, "a promise was rejected and nothing handled it");
  });
  target.on("uncaughtException", (error) => {
    log.fatal({ event: "uncaught_exception", err: error }, "uncaught exception: exiting");
    log.flush();
    target.exit(1);
  });
}
