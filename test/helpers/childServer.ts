import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { TEST_METRICS_TOKEN } from "./server.ts";

export interface ChildServer {
  child: ChildProcessWithoutNullStreams;
  port: number;
  httpUrl: string;
  exited: Promise<number | null>;
  /** Everything the server printed so far. */
  output(): string;
  /** Its /metrics text (child servers get the test token). */
  metricsText(): Promise<string>;
  kill(): void;
}

/** Starts `server/index.ts` in its own process (its own matchmaker), resolving once it listens. */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", METRICS_TOKEN: TEST_METRICS_TOKEN, ...env },
  });
  let out = "";
  child.stdout.on("data", (chunk) => { out += chunk; });
  child.stderr.on("data", (chunk) => { out += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // never leave a half-started server behind
      reject(new Error(`server did not start: ${out}`));
    }, 15_000);
    child.stdout.on("data", () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once("exit", () => { clearTimeout(timer); reject(new Error(`server exited before listening: ${out}`)); });
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  const metricsText = async () => (await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();
  return { child, port, httpUrl, exited, output: () => out, metricsText, kill: () => child.kill("SIGKILL") };
}

/** A loopback port that was free a moment ago (one definition, shared with the soak's own servers). */
export { freePort } from "../../loadbots/soakCluster.ts";
