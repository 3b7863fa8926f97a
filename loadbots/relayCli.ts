// npm run relay -- --target 127.0.0.1:2567 --rtt 150 --jitter 30: a latency relay in front
// of a local server, until Ctrl-C. Point browsers or bots at the address it prints.
import { parseArgs } from "node:util";
import { startLatencyRelay, symmetricProfile } from "./latencyRelay.ts";

const ExitCode = { OK: 0, BAD_OPTIONS: 2, FAILED: 3 } as const;
const MAX_DELAY_MS = 60_000;

interface RelayCliOptions {
  target: { host: string; port: number };
  listen: { host: string; port: number };
  rttMs: number;
  jitterMs: number;
  seed: number;
}

const HELP = `Usage: npm run relay -- --target <host:port> [options]

Relays TCP connections (HTTP and WebSocket alike) to a server, delaying every chunk in
each direction by round-trip/2 ± jitter, in order. Nothing else changes: open the
printed http:// address in a browser, or give the ws:// one to the bots.

Options:
  --target <host:port>   Server to relay to (a bare port means 127.0.0.1). Required.
  --listen <host:port>   Where to listen [default: 127.0.0.1:0, any free port]
  --rtt <ms>             Round trip added; each direction gets half [default: 0]
  --jitter <ms>          Per direction: each chunk's delay varies by ± this much, never
                         reordering [default: 0]
  --seed <n>             Seed of the jitter [default: 1]
  --help                 Show this help.

Exit codes: 0 stopped by Ctrl-C, 2 bad options, 3 could not start.`;

type Parsed = { kind: "run"; options: RelayCliOptions } | { kind: "help" } | { kind: "error"; message: string };

function parseCli(argv: string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: "string" }, listen: { type: "string" }, rtt: { type: "string" },
        jitter: { type: "string" }, seed: { type: "string" }, help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message.split("\n")[0]} (see --help)` };
  }
  if (values.help) return { kind: "help" };
  try {
    if (values.target === undefined) throw new UsageError("--target <host:port> is required (the game server, e.g. 127.0.0.1:2567)");
    return {
      kind: "run",
      options: {
        target: parseAddress("--target", String(values.target), false),
        listen: values.listen === undefined ? { host: "127.0.0.1", port: 0 } : parseAddress("--listen", String(values.listen), true),
        rttMs: parseNumber("--rtt", values.rtt, 0, MAX_DELAY_MS),
        jitterMs: parseNumber("--jitter", values.jitter, 0, MAX_DELAY_MS),
        seed: parseNumber("--seed", values.seed, 1, 0xffffffff, true),
      },
    };
  } catch (error) {
    if (error instanceof UsageError) return { kind: "error", message: error.message };
    throw error;
  }
}

class UsageError extends Error {}

/** "host:port", "[v6]:port" or a bare port (on 127.0.0.1). */
function parseAddress(flag: string, text: string, portZeroAllowed: boolean): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim()) ?? /^()()(\d+)$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port > 65535 || (port === 0 && !portZeroAllowed)) {
    throw new UsageError(`${flag} must be host:port or a port from ${portZeroAllowed ? 0 : 1} to 65535 (got "${text}")`);
  }
  return { host: match[1] || match[2] || "127.0.0.1", port };
}

function parseNumber(flag: string, raw: string | boolean | undefined, fallback: number, max: number, whole = false): number {
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const value = Number(text);
  const pattern = whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(text) || !Number.isFinite(value) || value > max) {
    throw new UsageError(`${flag} must be ${whole ? "a whole number" : "a number of ms"} from 0 to ${max} (got "${text}")`);
  }
  return value;
}

async function main(): Promise<number> {
  const parsed = parseCli(process.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(HELP);
    return ExitCode.OK;
  }
  if (parsed.kind === "error") {
    console.error(`relay: ${parsed.message}`);
    return ExitCode.BAD_OPTIONS;
  }
  const { target, listen, rttMs, jitterMs, seed } = parsed.options;
  const { up, down } = symmetricProfile(rttMs, jitterMs);
  const relay = await startLatencyRelay({
    targetHost: target.host, targetPort: target.port, listenHost: listen.host, listenPort: listen.port, up, down, seed,
  });
  console.log(`Relaying ${relay.httpUrl} → ${target.host}:${target.port}, adding ${rttMs} ms round trip (${up.meanMs} ms ± ${jitterMs} each way, order kept).`);
  console.log(`Browsers: ${relay.httpUrl}   Bots: --url ${relay.wsUrl}   Ctrl-C to stop.`);

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // A second Ctrl-C while closing quits at once.
  process.once("SIGINT", () => process.exit(ExitCode.OK));
  const { connections, bytesUp, bytesDown } = relay.stats();
  await relay.close();
  console.log(`Stopped. Relayed ${connections} connection(s): ${bytesUp} bytes up, ${bytesDown} bytes down.`);
  return ExitCode.OK;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`relay: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(ExitCode.FAILED);
  },
);
