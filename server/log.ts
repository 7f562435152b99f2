// Structured JSON logs (pino) for the site and the workers: one line per event, with the
// process role and, where there is one, the request id or job id as fields, so a log
// collector can follow a submission from upload to score across machines. On a terminal
// (the laptop's `npm start`) the same events are printed as short readable lines instead,
// unless LOG_FORMAT=json.
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env";

export type { Logger };

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const SKIPPED = new Set(["level", "time", "pid", "hostname", "msg", "role", "err"]);

/** One pino JSON line as `HH:MM:SS [role] message key=value`, with an error's stack below. */
export function prettyLine(json: string): string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = new Date(typeof event.time === "number" ? event.time : Date.now()).toTimeString().slice(0, 8);
  const level = typeof event.level === "number" && event.level >= 40 ? ` ${LEVEL_NAMES[event.level] ?? event.level}` : "";
  const fields = Object.entries(event)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const err = event.err as { stack?: unknown } | undefined;
  const stack = typeof err?.stack === "string" ? `\n${err.stack}` : "";
  return `${time} [${typeof event.role === "string" ? event.role : "scopebench"}]${level} ${String(event.msg ?? "")}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}${stack}\n`;
}

const pretty = env.LOG_FORMAT === "pretty" || (env.LOG_FORMAT === "auto" && process.stdout.isTTY === true);
const destination: DestinationStream | undefined = pretty ? { write: (line: string) => void process.stdout.write(prettyLine(line)) } : undefined;

const options = {
  level: env.LOG_LEVEL,
  base: { pid: process.pid },
  // Error objects under `err` keep their stack and cause.
  serializers: { err: pino.stdSerializers.err },
};

// Synchronous writes: a process that refuses to start logs its reasons and exits at once, and
// pino's default buffered stream lost the last lines then (seen in CI under load).
const logger: Logger = pino(options, destination ?? pino.destination({ dest: 1, sync: true }));

/** A logger whose every line carries these fields (e.g. `{ role: "worker" }`, `{ requestId }`). */
export function childLogger(bindings: Record<string, unknown>): Logger {
  return logger.child(bindings);
}
