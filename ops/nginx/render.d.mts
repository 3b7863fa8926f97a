// Types for render.mjs (plain JavaScript so that it runs with nothing but Node).
export declare const TEMPLATE_PATH: string;
export declare function processPublicAddress(publicHost: string, n: number): string;
export interface NginxRenderOptions {
  /** nginx `listen` value, e.g. "443" or "127.0.0.1:8443". */
  listen: string;
  serverName: string;
  certificate: string;
  certificateKey: string;
  /** Each process's host:port as nginx reaches it; process 1 first. */
  processes: string[];
}
export declare function renderNginxConfig(options: NginxRenderOptions, template?: string): string;
