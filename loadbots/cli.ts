// npm run bots -- [options]: argv in, a run, a report, an exit code out.
import "./globalWebSocket.ts";
import { parseCli } from "./options.ts";
import { finalSummary, ProgressPrinter } from "./progress.ts";
import { ExitCode, runLoad } from "./run.ts";

/** After the report is written, give stray handles this long before exiting anyway. */
const EXIT_GRACE_MS = 2000;

async function main(): Promise<number> {
  const parsed = parseCli(process.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(parsed.text);
    return ExitCode.OK;
  }
  if (parsed.kind === "error") {
    console.error(`loadbots: ${parsed.message}`);
    return ExitCode.BAD_OPTIONS;
  }
  const { options } = parsed;

  const progress = new ProgressPrinter(process.stdout, options.durationSeconds);
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    if (++interrupts > 1) process.exit(ExitCode.INTERRUPTED);
    progress.done();
    console.error("Stopping: bots are leaving their rooms and the report is being written (again to quit at once).");
    controller.abort();
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);

  const what = options.findCapacity
    ? `capacity search up to ${options.clients} bots in steps of ${options.capacityStep}, p99 budget ${options.p99BudgetMs} ms, ${options.capacityWindowSeconds} s windows`
    : `${options.clients} bots for ${options.durationSeconds} s`;
  console.log(`Loading ${options.url}: ${what}, ramp ${options.rampPerSecond}/s, ${options.rooms ? `${options.rooms} rooms` : "auto rooms"}, seed ${options.seed}.`);

  const outcome = await runLoad(options, { signal: controller.signal, onPoint: (point) => progress.update(point) });
  progress.done();
  console.log(finalSummary(outcome.report));
  console.log(`Report: ${outcome.files.html} (and report.json, workers.log)`);
  return outcome.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    console.error(`loadbots: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(ExitCode.RUN_FAILED);
  },
);
