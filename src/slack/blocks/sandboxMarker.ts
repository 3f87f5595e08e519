import type { ContextBlock, HomeView, KnownBlock, ModalView } from '@slack/types';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { mrkdwn, SLACK_LIMITS } from './text.js';

export const SANDBOX_MARKER_BLOCK_ID = 'sandbox_marker';

/** Present on every surface that shows sandbox answers, so nobody mistakes them for real Juhe data. */
export function sandboxContext(locale: Locale): ContextBlock {
  return {
    type: 'context',
    block_id: SANDBOX_MARKER_BLOCK_ID,
    elements: [mrkdwn(t(locale, 'sandbox.marker'))],
  };
}

/**
 * Puts the "sandbox data" marker under a leading header, else first. Formatters that fill their block
 * budget leave room for it (PRESENTER_RESERVED_BLOCKS); a message already at Slack's limit is left as is
 * rather than made unsendable.
 */
function markBlocks(locale: Locale, blocks: KnownBlock[], limit: number): KnownBlock[] {
  if (blocks.some((block) => block.block_id === SANDBOX_MARKER_BLOCK_ID) || blocks.length >= limit)
    return blocks;
  const at = blocks[0]?.type === 'header' ? 1 : 0;
  return [...blocks.slice(0, at), sandboxContext(locale), ...blocks.slice(at)];
}

export function withSandboxMarker<M extends SlackMessage>(locale: Locale, message: M): M {
  return { ...message, blocks: markBlocks(locale, message.blocks, SLACK_LIMITS.messageBlocks) };
}

export function withSandboxMarkerInView<V extends ModalView | HomeView>(locale: Locale, view: V): V {
  return { ...view, blocks: markBlocks(locale, view.blocks as KnownBlock[], SLACK_LIMITS.modalBlocks) };
}
