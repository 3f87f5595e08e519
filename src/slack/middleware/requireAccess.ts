import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { AuditedApi } from '../../audit/auditLog.js';
import type { JuheApi } from '../../juhe/types.js';
import type { AppServices } from '../appServices.js';
import { refusalMessage } from '../blocks/errors.js';
import { tellRequester } from '../delivery/tellRequester.js';
import { scopeOf } from './requestScope.js';

/**
 * Listener middleware, one per surface: the requester may use this API (ALLOWED_USER_IDS /
 * FINANCE_ALLOWED_USER_IDS) or gets the one refusal, audited, before any form opens or anything is
 * billed. Listeners and flows behind it never ask again.
 */
export function requireAccess(
  services: Pick<AppServices, 'access' | 'locale'>,
  api: JuheApi,
  /** what the refusal is audited as, when the surface is not a lookup itself (an export of a result) */
  auditedAs: AuditedApi = api,
): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const scope = scopeOf(context);
    if (services.access.mayQuery(api, scope.userId)) {
      await next();
      return;
    }
    await scope.audit.refuse(auditedAs);
    await tellRequester(services, scope, refusalMessage(services.locale, api));
  };
}
