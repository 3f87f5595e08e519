import type { KnownBlock, ModalView } from '@slack/types';
import type { Presenter } from './presenter.js';
import type { RoundTripTag } from './roundTripTag.js';

/**
 * Wraps the presenter — the last step before anything reaches Slack — so that every button value and
 * every modal's private_metadata leaves carrying the app's round-trip tag. Formatters and flows keep
 * writing plain values; the front door (middleware/roundTripValues.ts) checks and strips the tag when
 * Slack sends the value back, before any listener reads it.
 *
 * Idempotent: flows may present a message twice (a formatted answer handed to replyPrivately), and a
 * value that already carries a valid tag is left as it is.
 */
export function withRoundTripTags(presenter: Presenter, roundTrip: RoundTripTag): Presenter {
  const tagOnce = (value: string): string =>
    roundTrip.verify(value) === undefined ? roundTrip.tag(value) : value;
  const tagBlocks = <B extends KnownBlock>(blocks: B[]): B[] =>
    blocks.map((block) => tagButtonsIn(block, tagOnce));
  return {
    sandbox: presenter.sandbox,
    message(message) {
      const presented = presenter.message(message);
      return { ...presented, blocks: tagBlocks(presented.blocks) };
    },
    view(view) {
      const presented: ModalView = presenter.view(view);
      return {
        ...presented,
        blocks: tagBlocks(presented.blocks as KnownBlock[]),
        ...(presented.private_metadata ? { private_metadata: tagOnce(presented.private_metadata) } : {}),
      };
    },
    home(view) {
      const presented = presenter.home(view);
      return { ...presented, blocks: tagBlocks(presented.blocks as KnownBlock[]) };
    },
  };
}

/** A button's value in an actions block or as a section's accessory; other elements carry none we read back. */
function tagButtonsIn<B extends KnownBlock>(block: B, tag: (value: string) => string): B {
  const record = block as B & { elements?: unknown[]; accessory?: unknown };
  let changed: B = block;
  if (Array.isArray(record.elements) && record.elements.some(isValuedButton)) {
    changed = { ...changed, elements: record.elements.map((element) => tagButton(element, tag)) };
  }
  if (isValuedButton(record.accessory)) {
    changed = { ...changed, accessory: tagButton(record.accessory, tag) };
  }
  return changed;
}

function isValuedButton(element: unknown): element is { type: 'button'; value: string } {
  const record = element as { type?: unknown; value?: unknown } | null | undefined;
  return record?.type === 'button' && typeof record.value === 'string';
}

function tagButton(element: unknown, tag: (value: string) => string): unknown {
  return isValuedButton(element) ? { ...element, value: tag(element.value) } : element;
}
