import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { asJuheData } from './message.js';
import { createPresenter } from './presenter.js';
import { withRoundTripTags } from './roundTripPresenter.js';
import { createRoundTripTag } from './roundTripTag.js';

const roundTrip = createRoundTripTag('xoxb-presenter-test');
const present = withRoundTripTags(createPresenter('en', true), roundTrip);

const blocks: KnownBlock[] = [
  { type: 'section', text: { type: 'mrkdwn', text: 'records' } },
  {
    type: 'actions',
    block_id: 'risk_pagination',
    elements: [
      { type: 'button', action_id: 'risk_next_page', text: { type: 'plain_text', text: 'Next' }, value: 'n' },
      {
        type: 'button',
        action_id: 'link',
        text: { type: 'plain_text', text: 'Docs' },
        url: 'https://x.test',
      },
    ],
  },
  {
    type: 'section',
    text: { type: 'mrkdwn', text: 'one source' },
    accessory: {
      type: 'button',
      action_id: 'risk_show_type_1',
      text: { type: 'plain_text', text: 'Show' },
      value: 'a',
    },
  },
];

type Element = { type?: unknown; value?: unknown };

function buttonValues(from: KnownBlock[]): unknown[] {
  return from.flatMap((block) => {
    const record = block as { elements?: Element[]; accessory?: Element };
    return [...(record.elements ?? []), ...(record.accessory ? [record.accessory] : [])]
      .filter((element) => element.type === 'button')
      .map((element) => element.value);
  });
}

describe('presenter with round-trip tags', () => {
  it('tags every button value, leaves link buttons and text alone, and still applies the presenter', () => {
    const presented = present.message(asJuheData({ text: 'fallback', blocks }));
    expect(
      buttonValues(presented.blocks).map((v) => (typeof v === 'string' ? roundTrip.verify(v) : v)),
    ).toEqual(['n', undefined, 'a']);
    expect(presented.text).toBe('fallback');
    // the sandbox marker of the wrapped presenter is still there (the message carries Juhe data)
    expect(presented.blocks).toHaveLength(blocks.length + 1);
    // the formatter's own blocks are not changed in place
    expect(buttonValues(blocks)).toEqual(['n', undefined, 'a']);
  });

  it('tags once, however often a message is presented', () => {
    const once = present.message({ text: 't', blocks });
    const twice = present.message(once);
    expect(buttonValues(twice.blocks)).toEqual(buttonValues(once.blocks));
  });

  it('tags a modal’s private_metadata and leaves a modal without one as it is', () => {
    const view: ModalView = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Risk' },
      private_metadata: '{"c":"C1"}',
      blocks: [],
    };
    const presented = present.view(view);
    expect(roundTrip.verify(presented.private_metadata)).toBe('{"c":"C1"}');
    expect(present.view(presented).private_metadata).toBe(presented.private_metadata);
    const { private_metadata: _none, ...withoutMetadata } = view;
    expect(present.view(withoutMetadata).private_metadata).toBeUndefined();
  });
});
