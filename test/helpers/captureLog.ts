import { createLogger, type Logger } from "../../server/log.ts";
import type { LogLevel } from "../../server/config.ts";

/** A log record as pino writes it (one JSON line), parsed. */
export type LogRecord = { level: number; time: number; msg?: string; event?: string; [field: string]: unknown };

/** The server's logger (same fields and redaction), keeping its records in memory for a test to read. */
export function captureLog(level: LogLevel = "info"): { log: Logger; records: LogRecord[]; lines: string[] } {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const log = createLogger({ level, pretty: false }, {
    write: (line: string) => { lines.push(line); records.push(JSON.parse(line) as LogRecord); },
  });
  return { log, records, lines };
}
