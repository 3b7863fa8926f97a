// A TCP relay in front of a game server that adds network delay: every chunk in each
// direction waits its DelayLine's time, in order, so HTTP and WebSocket traffic alike
// (bots, browsers, tests) feel a distant server while everything stays on this machine.
import net from "node:net";
import { DelayedQueue, DelayLine, type DelayProfile, checkDelayProfile } from "../shared/delayLine.ts";
import { createRng } from "../shared/sim/random.ts";

export { symmetricProfile } from "../shared/delayLine.ts";
export type { DelayProfile } from "../shared/delayLine.ts";

export interface RelayOptions {
  /** Default 127.0.0.1. */
  targetHost?: string;
  targetPort: number;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0: any free port (see LatencyRelay.port). */
  listenPort?: number;
  /** Client → server. */
  up: DelayProfile;
  /** Server → client. */
  down: DelayProfile;
  /** Seeds every connection's jitter, so a run can be repeated. Default 1. */
  seed?: number;
}

export interface RelayStats {
  /** Connections accepted since the relay started. */
  connections: number;
  /** Connections currently relayed. */
  openConnections: number;
  /** Bytes delivered client → server. */
  bytesUp: number;
  /** Bytes delivered server → client. */
  bytesDown: number;
}

export interface LatencyRelay {
  port: number;
  httpUrl: string;
  wsUrl: string;
  /** Changes the delays for chunks sent from now on, on every connection. */
  setProfile(up: DelayProfile, down: DelayProfile): void;
  stats(): RelayStats;
  close(): Promise<void>;
}

/** What a delayed pipe carries: bytes, or the sender's end of stream (delivered in turn, so a response and its close stay in order). */
type Segment = Buffer | typeof END_OF_STREAM;
const END_OF_STREAM = Symbol("end of stream");

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  up: DelayedQueue<Segment>;
  down: DelayedQueue<Segment>;
  closed: boolean;
}

export async function startLatencyRelay(options: RelayOptions): Promise<LatencyRelay> {
  const targetHost = options.targetHost ?? "127.0.0.1";
  const listenHost = options.listenHost ?? "127.0.0.1";
  const seed = options.seed ?? 1;
  let profiles = { up: { ...checkDelayProfile(options.up, "up") }, down: { ...checkDelayProfile(options.down, "down") } };
  const totals = { connections: 0, bytesUp: 0, bytesDown: 0 };
  const pairs = new Set<Pair>();

  const teardown = (pair: Pair) => {
    if (pair.closed) return;
    pair.closed = true;
    pairs.delete(pair);
    pair.up.stop();
    pair.down.stop();
    pair.client.destroy();
    pair.upstream.destroy();
  };

  // Half-open is allowed so that a server's "response, then FIN" reaches the client in that
  // order: the FIN travels through the delay like the bytes before it.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const index = totals.connections++;
    const upstream = net.connect({ host: targetHost, port: options.targetPort, allowHalfOpen: true, noDelay: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const lineFor = (profile: DelayProfile, direction: number) =>
      new DelayLine(profile, createRng(connectionSeed(seed, index, direction)).next);
    const pair: Pair = {
      client,
      upstream,
      up: new DelayedQueue(lineFor(profiles.up, 0), (segment: Segment) => forward(segment, upstream, client, "bytesUp")),
      down: new DelayedQueue(lineFor(profiles.down, 1), (segment: Segment) => forward(segment, client, upstream, "bytesDown")),
      closed: false,
    };
    pairs.add(pair);

    const forward = (segment: Segment, to: net.Socket, from: net.Socket, counter: "bytesUp" | "bytesDown") => {
      if (pair.closed) return;
      if (segment === END_OF_STREAM) {
        // The sender is gone entirely: once its last bytes are flushed, nothing is left to relay.
        to.end(from.destroyed ? () => teardown(pair) : undefined);
        return;
      }
      totals[counter] += segment.length;
      // Backpressure: a receiver that cannot keep up slows its sender instead of growing our memory.
      if (!to.write(segment) && !from.isPaused()) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    };

    const ended = new Set<net.Socket>();
    /** A side closed: what it sent cleanly (ended by a FIN) may still be in flight, so let that arrive. */
    const onClose = (side: net.Socket, sentByIt: DelayedQueue<Segment>, toIt: DelayedQueue<Segment>) => {
      toIt.stop();
      if (!ended.has(side) || sentByIt.length === 0) teardown(pair);
    };
    client.on("data", (chunk: Buffer) => pair.up.push(chunk));
    upstream.on("data", (chunk: Buffer) => pair.down.push(chunk));
    client.on("end", () => { ended.add(client); pair.up.push(END_OF_STREAM); });
    upstream.on("end", () => { ended.add(upstream); pair.down.push(END_OF_STREAM); });
    client.on("close", () => onClose(client, pair.up, pair.down));
    upstream.on("close", () => onClose(upstream, pair.down, pair.up));
    for (const socket of [client, upstream]) socket.on("error", () => teardown(pair));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listenPort ?? 0, listenHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  const hostInUrl = listenHost.includes(":") ? `[${listenHost}]` : listenHost;

  return {
    port,
    httpUrl: `http://${hostInUrl}:${port}`,
    wsUrl: `ws://${hostInUrl}:${port}`,
    setProfile(up, down) {
      profiles = { up: { ...checkDelayProfile(up, "up") }, down: { ...checkDelayProfile(down, "down") } };
      for (const pair of pairs) {
        pair.up.line.setProfile(profiles.up);
        pair.down.line.setProfile(profiles.down);
      }
    },
    stats: () => ({ ...totals, openConnections: pairs.size }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of pairs) teardown(pair);
      await closed;
    },
  };
}

/** A distinct, repeatable jitter stream for each direction of each connection. */
function connectionSeed(seed: number, connectionIndex: number, direction: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(connectionIndex * 2 + direction + 1, 0x85ebca6b)) >>> 0;
}
