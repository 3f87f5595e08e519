import { AsyncLocalStorage } from 'node:async_hooks';
import { shortHexId } from './shortIds.js';

/** What every log line written while handling one Slack request carries. */
export interface RequestLogFields {
  requestId: string;
  /** command, block_actions, view_submission, message_action, … */
  kind: string;
  user?: string;
}

const store = new AsyncLocalStorage<RequestLogFields>();

/**
 * Runs `work` as one request: every line logged inside it — ours, Bolt's, the Juhe client's — gets
 * the request's fields through the logger's mixin, like a per-request child logger that needs no
 * passing around.
 */
export function runAsRequest<T>(
  fields: Omit<RequestLogFields, 'requestId'>,
  work: () => Promise<T>,
): Promise<T> {
  return store.run({ requestId: shortHexId(), ...fields }, work);
}

/**
 * A fresh object each call: pino's default mixin merge assigns the line's own fields onto what the
 * mixin returns, so handing out the stored object would leak one line's fields (an audit event, an
 * error) into every later line of the request.
 */
export function currentRequestFields(): Partial<RequestLogFields> {
  const fields = store.getStore();
  return fields ? { ...fields } : {};
}
