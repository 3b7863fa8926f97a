// Structured logs: one JSON line per event (level, time, event, and room / session ids
// where there are some), readable by any log pipeline. Development gets pino-pretty's
// coloured lines instead. Chat text, tokens and passwords are never logged: the fields
// that could carry them are redacted should one slip into a log call.
import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.ts";

export type { Logger } from "pino";

export interface LogOptions {
  level: LogLevel;
  pretty: boolean;
}

/** Fields that must never reach a log line, wherever they appear. */
const REDACTED = ["text", "token", "password", "authorization", "*.text", "*.token", "*.password", "*.authorization", "headers.cookie"];

/** A logger to stdout, or to `destination` (tests read what is written). */
export function createLogger(options: LogOptions, destination?: DestinationStream): Logger {
  const base = { level: options.level, base: { pid: process.pid }, redact: { paths: REDACTED, censor: "[redacted]" } };
  if (destination) return pino(base, destination);
  if (options.pretty && prettyAvailable()) {
    return pino({ ...base, transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid" } } });
  }
  return pino(base);
}

/** A logger that writes nothing (tests, tools that embed the server). */
export const silentLogger: Logger = pino({ level: "silent" });

/** pino-pretty is a development dependency: a production install logs JSON. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}
