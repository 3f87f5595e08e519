import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { createPresenter } from '../presenter.js';
import { SANDBOX_MARKER_BLOCK_ID, sandboxContext } from './footer.js';
import { withSandboxMarker, withSandboxMarkerInView } from './sandboxMarker.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const marker = sandboxContext('en');

describe('sandbox marker', () => {
  it('goes first, or under a leading header', () => {
    expect(withSandboxMarker('en', { text: 't', blocks: [section('a')] }).blocks).toEqual([
      marker,
      section('a'),
    ]);
    const header: KnownBlock = { type: 'header', text: { type: 'plain_text', text: 'H' } };
    expect(withSandboxMarker('en', { text: 't', blocks: [header, section('a')] }).blocks).toEqual([
      header,
      marker,
      section('a'),
    ]);
  });

  it('is added once, and never past Slack’s block limit', () => {
    const marked = withSandboxMarker('en', { text: 't', blocks: [section('a')] });
    expect(withSandboxMarker('en', marked)).toEqual(marked);
    const full = { text: 't', blocks: Array.from({ length: 50 }, (_, i) => section(String(i))) };
    expect(withSandboxMarker('en', full).blocks).toHaveLength(50);
  });

  it('marks views too, keeping everything else', () => {
    const view: ModalView = {
      type: 'modal',
      title: { type: 'plain_text', text: 'T' },
      blocks: [section('a')],
    };
    const marked = withSandboxMarkerInView('zh-CN', view);
    expect(marked.title).toEqual(view.title);
    expect(marked.blocks[0]).toEqual(sandboxContext('zh-CN'));
    expect(marked.blocks[0]?.block_id).toBe(SANDBOX_MARKER_BLOCK_ID);
  });

  it('the presenter marks only in sandbox mode', () => {
    const message = { text: 't', blocks: [section('a')] };
    expect(createPresenter('en', false).message(message)).toBe(message);
    expect(createPresenter('en', true).message(message).blocks).toHaveLength(2);
  });
});
