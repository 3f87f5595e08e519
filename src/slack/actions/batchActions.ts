import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { changeBatch } from '../flows/batchFlow.js';
import { ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import type { ButtonArgs } from './pagination.js';

/** Start or Cancel on a batch's DM message; the button's value is the batch's id (tagged round trip). */
export function handleBatchButton(services: AppServices, change: 'start' | 'cancel') {
  return async function batchButton({ action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    await changeBatch(services, scope, action.type === 'button' ? action.value : undefined, change);
  };
}

export function registerBatchActions(app: App, services: AppServices): void {
  const access = requireAccess(services, 'risk');
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.batchStart, access, handleBatchButton(services, 'start'));
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.batchCancel,
    access,
    handleBatchButton(services, 'cancel'),
  );
}
