// Renders ops/nginx/skirmish.conf for a list of server processes. Plain Node: operators run it
// where nothing else of the project is installed, and scripts/cluster.mjs and the proxy test
// use the same code, so the configuration they run is the one documented.
//
//   node ops/nginx/render.mjs --server-name game.example.com --listen 443 \
//     --certificate /etc/ssl/certs/game.pem --certificate-key /etc/ssl/private/game.key \
//     --process 127.0.0.1:2567 --process 127.0.0.1:2568
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATE_PATH = fileURLToPath(new URL("./skirmish.conf", import.meta.url));

const BLOCK = /^[ \t]*# BEGIN each process[ \t]*\n([\s\S]*?)^[ \t]*# END each process[ \t]*\n/gm;
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The PUBLIC_ADDRESS of process n (1-based) behind the proxy: `<public host[:port]>/p/<n>`. */
export function processPublicAddress(publicHost, n) {
  return `${publicHost}/p/${n}`;
}

/**
 * @param {{ listen: string, serverName: string, certificate: string, certificateKey: string, processes: string[] }} options
 *   processes: each process's `host:port` as nginx reaches it, in order (process 1 first).
 * @param {string} [template] the template text (ops/nginx/skirmish.conf by default)
 * @returns {string} the nginx configuration (http context)
 */
export function renderNginxConfig(options, template = readFileSync(TEMPLATE_PATH, "utf8")) {
  const { listen, serverName, certificate, certificateKey, processes } = options;
  if (!Array.isArray(processes) || processes.length === 0) throw new Error("at least one process address is needed");
  for (const address of processes) {
    if (!/^[\w.\-\[\]:]+:\d+$/.test(address)) throw new Error(`a process address is host:port (got "${address}")`);
  }
  const values = { listen, server_name: serverName, certificate, certificate_key: certificateKey };
  for (const [key, value] of Object.entries(values)) {
    const bad = key === "listen" ? /[;{}#]/ : /[;{}#\s]/; // `listen` may carry parameters (`443 default_server`)
    if (typeof value !== "string" || value.trim() === "" || bad.test(value.trim())) {
      throw new Error(`${key} must be a non-empty value without ';', '#', braces${key === "listen" ? "" : " or spaces"} (got ${JSON.stringify(value)})`);
    }
    values[key] = value.trim();
  }
  const fill = (text, extra) => text.replace(PLACEHOLDER, (whole, name) => {
    const value = name in extra ? extra[name] : values[name];
    if (value === undefined) throw new Error(`the template names an unknown placeholder ${whole}`);
    return String(value);
  });
  const expanded = template.replace(BLOCK, (_whole, body) =>
    processes.map((address, i) => fill(body, { n: i + 1, address })).join(""));
  // Outside the repeated blocks only the global values may appear ({{n}} there is a mistake).
  const rendered = expanded.split("\n").map((line) => (line.trimStart().startsWith("#") ? line : fill(line, {}))).join("\n");
  const left = /^[^#\n]*\{\{\w+\}\}/m.exec(rendered);
  if (left) throw new Error(`placeholder left in the rendered configuration: ${left[0]}`);
  return rendered;
}

function main(argv) {
  const options = { listen: "443", serverName: "", certificate: "", certificateKey: "", processes: [] };
  const names = { "--listen": "listen", "--server-name": "serverName", "--certificate": "certificate", "--certificate-key": "certificateKey" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--help" || flag === "-h") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(0, 7).join("\n").replace(/^\/\/ ?/gm, ""));
      return;
    }
    if (flag === "--process") options.processes.push(value());
    else if (flag in names) options[names[flag]] = value();
    else throw new Error(`unknown option ${arg} (try --help)`);
  }
  process.stdout.write(renderNginxConfig(options));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
