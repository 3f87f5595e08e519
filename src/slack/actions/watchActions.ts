import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { staleButtonMessage } from '../blocks/errors.js';
import { runRiskRequest } from '../flows/riskFlow.js';
import {
  acknowledgeAlert,
  alertDestinationFor,
  changeWatch,
  openWatchModal,
  watchesMessage,
} from '../flows/watchFlow.js';
import { ACTION_IDS } from '../ids.js';
import type { SlackMessage } from '../message.js';
import { type RequestScope, scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { decodeRetryQuery, retryScope } from '../retryQuery.js';
import { decodeWatchTarget } from '../watchTarget.js';
import type { ButtonArgs } from './pagination.js';

interface ButtonContainer {
  type?: unknown;
  channel_id?: unknown;
  message_ts?: unknown;
  thread_ts?: unknown;
  is_ephemeral?: unknown;
}

function containerOf(body: ButtonArgs['body']): ButtonContainer {
  return (body.container ?? {}) as ButtonContainer;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function buttonValue(action: ButtonArgs['action']): string | undefined {
  return action.type === 'button' ? action.value : undefined;
}

/** "Watch" on a result: the risk_watch modal for its subject, with alerts where the result was. */
export function handleWatchButton(services: AppServices) {
  return async function watchButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const target = decodeWatchTarget(buttonValue(action));
    if (target === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const container = containerOf(body);
    const channelId = text(container.channel_id) ?? scope.audience.channelId;
    const threadTs = text(container.thread_ts);
    const alertTo =
      container.is_ephemeral === true
        ? { kind: 'dm' as const }
        : alertDestinationFor(services, { channelId, threadTs });
    await openWatchModal(services, scope, {
      triggerId: body.trigger_id,
      initial: { keyword: target.keyword, realname: target.realname, scope: target.scope },
      counts: target.counts,
      alertTo,
      ...(scope.audience.responseUrl ? { responseUrl: scope.audience.responseUrl } : {}),
    });
  };
}

/** Where the outcome of a Stop / Renew click is said: the list it came from, else privately (Home: nowhere). */
async function answerWatchChange(
  services: AppServices,
  scope: RequestScope,
  container: ButtonContainer,
  status: SlackMessage,
): Promise<void> {
  if (container.type === 'view') return;
  const responseUrl = scope.audience.responseUrl;
  if (container.is_ephemeral === true && responseUrl) {
    // the /risk watches list, refreshed in place, with what happened on top
    const list = await watchesMessage(services, scope.userId);
    await scope.outbox.replaceEphemeral(responseUrl, {
      text: status.text,
      blocks: [...status.blocks, ...list.blocks],
    });
    return;
  }
  await scope.outbox.replyPrivately(scope.audience, status);
}

export function handleWatchChangeButton(services: AppServices, change: 'stop' | 'renew') {
  return async function watchChangeButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const watchId = buttonValue(action);
    if (!watchId) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const status = await changeWatch(services, scope, watchId, change);
    await answerWatchChange(services, scope, containerOf(body), status);
  };
}

/**
 * "Acknowledge" on an alert (in its thread, the DM or the App Home): the first click is recorded and
 * audited, and the alert message itself is updated, so everyone in the thread sees who and when.
 */
export function handleAcknowledgeButton(services: AppServices) {
  return async function acknowledgeButton({ action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    if (!(await acknowledgeAlert(services, scope, buttonValue(action)))) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
    }
  };
}

/**
 * "Open current results" on an alert and "Open again" on the App Home: the subject screened now, as a
 * typed query (access, audit, billing). From an alert in a compliance thread, the answer goes into that
 * thread; from a DM privately; from the App Home to the DM.
 */
export function handleOpenResultsButton(services: AppServices) {
  return async function openResultsButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const query = decodeRetryQuery(buttonValue(action));
    if (query === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const threadTs = text(containerOf(body).thread_ts);
    if (threadTs && services.complianceChannels.has(scope.audience.channelId)) {
      scope.audience = { ...scope.audience, threadTs };
    }
    const { keyword, realname } = query.scope === 'all' ? query : query.cursor;
    await runRiskRequest(services, scope, { subject: { keyword, realname }, scope: retryScope(query) });
  };
}

export function registerWatchActions(app: App, services: AppServices): void {
  const access = requireAccess(services, 'risk');
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.watch, access, handleWatchButton(services));
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.stopWatch,
    access,
    handleWatchChangeButton(services, 'stop'),
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.renewWatch,
    access,
    handleWatchChangeButton(services, 'renew'),
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.acknowledgeAlert,
    access,
    handleAcknowledgeButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.openCurrentResults,
    access,
    handleOpenResultsButton(services),
  );
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reopenQuery, access, handleOpenResultsButton(services));
}
