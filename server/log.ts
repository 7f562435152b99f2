// Structured JSON logs (pino) for the site and the workers: one line per event, with the
// process role and, where there is one, the request id or job id as fields, so a log
// collector can follow a submission from upload to score across machines.
import pino, { type Logger } from "pino";
import { env } from "./env";

export type { Logger };

export const logger: Logger = pino({
  level: env.LOG_LEVEL,
  base: { pid: process.pid },
  // Error objects under `err` keep their stack and cause.
  serializers: { err: pino.stdSerializers.err },
});

/** A logger whose every line carries these fields (e.g. `{ role: "worker" }`, `{ requestId }`). */
export function childLogger(bindings: Record<string, unknown>): Logger {
  return logger.child(bindings);
}
