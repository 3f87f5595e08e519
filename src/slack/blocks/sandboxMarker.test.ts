import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { asJuheData } from '../message.js';
import { createPresenter } from '../presenter.js';
import {
  SANDBOX_MARKER_BLOCK_ID,
  sandboxContext,
  withSandboxMarker,
  withSandboxMarkerInView,
} from './sandboxMarker.js';

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

  it('the presenter marks only Juhe data, only in sandbox mode, and strips the flag', () => {
    const plainMessage = { text: 't', blocks: [section('a')] };
    const juheData = asJuheData(plainMessage);
    expect(createPresenter('en', false).message(juheData)).toEqual(plainMessage);
    expect(createPresenter('en', true).message(plainMessage)).toEqual(plainMessage);
    expect(createPresenter('en', true).message(juheData)).toEqual({
      text: 't',
      blocks: [marker, section('a')],
    });
    const view: ModalView = {
      type: 'modal',
      title: { type: 'plain_text', text: 'T' },
      blocks: [section('a')],
    };
    expect(createPresenter('en', true).view(view)).toEqual(view);
    expect(createPresenter('en', true).view(asJuheData(view))).toEqual({
      ...view,
      blocks: [marker, section('a')],
    });
    expect(createPresenter('en', false).view(asJuheData(view))).toEqual(view);
  });
});
