import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from './logger.js';

/**
 * Bolt and its Web API client log through this, so their lines get the same redaction and
 * scrubbing as ours. Bolt passes loose arguments; they are joined into one message.
 */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const line = (args: unknown[]) =>
    args
      .map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : safeJson(arg)))
      .join(' ');
  return {
    debug: (...args: unknown[]) => child.debug(withoutPayload(line(args))),
    info: (...args: unknown[]) => child.info(line(args)),
    warn: (...args: unknown[]) => child.warn(line(args)),
    error: (...args: unknown[]) => child.error(line(args)),
    // Our LOG_LEVEL rules; Bolt asking for another level is ignored on purpose.
    setLevel: () => {},
    getLevel: () => {
      const level = child.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'warn') return LogLevel.WARN;
      if (level === 'error' || level === 'fatal' || level === 'silent') return LogLevel.ERROR;
      return LogLevel.INFO;
    },
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}

/**
 * At debug level the Web API client logs every request body and result: message blocks with the
 * names from Juhe's records. Names must not reach the logs unmasked, so those payloads are dropped;
 * the method, URL and timing lines stay.
 */
const PAYLOAD_LINES = /^(http request body|http request result): /;

function withoutPayload(message: string): string {
  const match = PAYLOAD_LINES.exec(message);
  return match
    ? `${match[1]} omitted (${message.length - match[0].length} characters; may hold personal data)`
    : message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
