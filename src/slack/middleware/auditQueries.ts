import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { UNEXPECTED_OUTCOME } from '../../audit/auditLog.js';
import { scopeOf } from './requestScope.js';

/**
 * Global middleware: a query that was described (so Juhe may have been asked) but never completed —
 * a failure nobody foresaw — is recorded as 'unexpected' on the way out. Every query is audited once,
 * on every surface, without a listener or flow having to remember it.
 */
export function auditQueriesMiddleware(): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const { audit } = scopeOf(context);
    try {
      await next();
    } finally {
      if (audit.state === 'described') await audit.complete(UNEXPECTED_OUTCOME);
    }
  };
}
