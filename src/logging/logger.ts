import { type DestinationStream, type Logger, pino } from 'pino';
import { scrubPersonalData } from '../domain/scrub.js';
import { currentRequestFields } from './requestContext.js';

export type { Logger } from 'pino';

/**
 * Paths pino replaces with [Redacted] wherever they appear one or two levels down.
 * Keys, 身份证, mobile and names never reach a log line by name; the stream scrub below is the
 * second line of defence for 身份证 and mobile values that slip into free text.
 */
const SENSITIVE_FIELDS = [
  'key',
  'idcard',
  'idCard',
  'mobile',
  'phone',
  'token',
  'authorization',
  'signingSecret',
  'realname',
];
/**
 * A person's name under `name` is redacted only nested (`subject.name`): the top-level `name` is pino's own
 * logger name, and redacting that path would blank it on every line. (`err.name` goes too; `err.type` stays.)
 */
const NESTED_ONLY_SENSITIVE_FIELDS = ['name'];
export const REDACT_PATHS: string[] = [
  ...SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...NESTED_ONLY_SENSITIVE_FIELDS.flatMap((field) => [`*.${field}`, `*.*.${field}`]),
];

export interface LoggerOptions {
  level?: string;
  /** where lines go; default stdout (pretty-printed when stdout is a terminal) */
  destination?: DestinationStream;
  /** name shown on each line */
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const base = {
    level,
    name: options.name ?? 'juhe-risk-slack',
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    // requestId / kind / user of the Slack request being handled, if any (see requestContext.ts)
    mixin: currentRequestFields,
    hooks: {
      // Masks anything shaped like a 身份证 or a mainland mobile inside every serialized line.
      streamWrite: (line: string) => scrubPersonalData(line),
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (process.stdout.isTTY) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  // Off the hot path: SonicBoom writes asynchronously (lines written while one write is pending go out
  // together) instead of one synchronous write per line (issue 12 measured ~5 % of a lookup's CPU in those writes). pino flushes
  // the buffer at exit (its on-exit hook), and main.ts flushes before its own exit on SIGTERM/SIGINT.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
