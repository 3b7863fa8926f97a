// npm run soak -- [options]: servers read at rest, bots churning for --minutes, then the
// leak checks; soak.json and soak.html, and an exit code.
import "./globalWebSocket.ts";
import { ExitCode } from "./run.ts";
import { runSoak, SoakStartError, type SoakPoint } from "./soak.ts";
import { parseSoakCli } from "./soakOptions.ts";

const EXIT_GRACE_MS = 2000;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

export function soakLine(p: SoakPoint, labels: readonly string[]): string {
  const b = p.bots;
  const servers = p.servers.map((s, i) => (s
    ? `${labels.length > 1 ? `${labels[i]} ` : ""}heap ${mib(s.heapUsedBytes)} MiB rss ${mib(s.rssBytes)} MiB handles ${s.handles} timers ${s.timers ?? "–"} rooms ${s.rooms} clients ${s.clients} cpu ${s.cpuPercent === null ? "–" : Math.round(s.cpuPercent)}%`
    : `${labels[i]} –`));
  const phase = p.cycle > 0 ? `${p.phase} ${p.cycle}` : p.phase;
  return [`${String(Math.round(p.t)).padStart(5)}s ${phase.padEnd(10)}`,
    `bots ${b.connected}/${b.target} joins ${b.joins} drops ${b.drops} reloads ${b.reloads} leaves ${b.leaves} err ${b.errors}`,
    ...servers, ...(p.redisKeys === undefined ? [] : [`redis keys ${p.redisKeys}`])].join(" | ");
}

async function main(): Promise<number> {
  const parsed = parseSoakCli(process.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(parsed.text);
    return ExitCode.OK;
  }
  if (parsed.kind === "error") {
    console.error(`soak: ${parsed.message}`);
    return ExitCode.BAD_OPTIONS;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    if (++interrupts > 1) process.exit(ExitCode.INTERRUPTED); // the servers the soak started are killed on exit (soakCluster.ts)
    console.error("Stopping: the bots leave, the servers settle and the report is written (again to quit at once).");
    controller.abort();
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    const outcome = await runSoak(parsed.options, {
      signal: controller.signal,
      onNote: (text) => console.log(text),
      onPoint: (point, labels) => console.log(soakLine(point, labels)),
    });
    console.log(outcome.report.verdict);
    console.log(`Report: ${outcome.files.html} (and soak.json, workers.log${outcome.report.parameters.serversStartedBySoak ? ", the servers' logs" : ""})`);
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof SoakStartError) {
      console.error(`soak: ${error.message}`);
      return ExitCode.RUN_FAILED;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(ExitCode.RUN_FAILED);
  },
);
