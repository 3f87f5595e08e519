import type { KnownBlock, ModalView } from '@slack/types';
import type { Locale } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { SANDBOX_MARKER_BLOCK_ID, sandboxContext } from './footer.js';
import { SLACK_LIMITS } from './text.js';

/**
 * Puts the "sandbox data" marker on a message or view that does not carry it yet: under a leading
 * header, else first. Formatters that fill their block budget place the marker themselves; this is
 * for everything else (help, progress, refusals, errors, forms), so that in local mode no surface
 * can be mistaken for a real Juhe answer.
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

export function withSandboxMarkerInView(locale: Locale, view: ModalView): ModalView {
  return { ...view, blocks: markBlocks(locale, view.blocks as KnownBlock[], SLACK_LIMITS.modalBlocks) };
}
