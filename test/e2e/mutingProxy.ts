// A TCP relay in front of the game server that can make it look dead to the browser: open
// connections stop delivering anything from the server (a half-open socket, a frozen
// process) and new ones are refused, until it is told to relay again.
import net from "node:net";

export interface MutingProxy {
  /** http://127.0.0.1:<port>: load the page from here so every connection goes through the relay. */
  httpUrl: string;
  /** From now on nothing reaches the browser, and new connections are refused. */
  mute(): void;
  /** New connections are relayed again (muted ones stay silent: their streams have lost data). */
  unmute(): void;
  close(): Promise<void>;
}

export async function startMutingProxy(targetPort: number): Promise<MutingProxy> {
  let muted = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; silent: boolean }>();
  const server = net.createServer((client) => {
    if (muted) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, "127.0.0.1");
    const pair = { client, upstream, silent: false };
    pairs.add(pair);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => { if (!pair.silent) client.write(chunk); });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("close", end);
      socket.on("error", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    mute() {
      muted = true;
      for (const pair of pairs) pair.silent = true;
    },
    unmute() {
      muted = false;
    },
    async close() {
      for (const pair of pairs) { pair.client.destroy(); pair.upstream.destroy(); }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
