import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { publishHome } from '../flows/homeFlow.js';
import { EVENT_TYPES } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The person opened the app's Home tab: it is published for them, fresh. The Messages tab (where a
 * private answer may land) needs nothing. Everyone may see their own Home: it shows only their record.
 */
export function handleAppHomeOpened(services: AppServices) {
  return async function appHomeOpened({ event, context }: HomeOpenedArgs): Promise<void> {
    if (event.tab !== undefined && event.tab !== 'home') return;
    await publishHome(services, scopeOf(context).outbox, event.user);
  };
}

export function registerAppHome(app: App, services: AppServices): void {
  app.event(EVENT_TYPES.appHomeOpened, handleAppHomeOpened(services));
}
