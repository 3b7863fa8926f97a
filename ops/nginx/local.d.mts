// Types for local.mjs (plain JavaScript so that scripts/cluster.mjs runs with nothing but Node).
import type { ChildProcess } from "node:child_process";

export declare function nginxBinary(): string | undefined;
export declare function hasOpenssl(): boolean;
export declare function makeSelfSignedCertificate(dir: string, hosts?: string[]): { certificate: string; key: string };
export declare function writeNginxConfig(dir: string, options: {
  port: number;
  host?: string;
  serverName?: string;
  certificate: string;
  key: string;
  processes: string[];
}): string;
export interface LocalNginx {
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}
export declare function startNginx(dir: string, port: number, options?: {
  host?: string;
  binary?: string;
  onLine?: (line: string) => void;
  onSpawn?: (child: ChildProcess) => void;
  detached?: boolean;
}): Promise<LocalNginx>;
