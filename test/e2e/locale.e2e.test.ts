import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, personalDataSentToSlack, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ locale: 'zh-CN' });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
});

describe('LOCALE=zh-CN', () => {
  it('answers in Chinese and shows Juhe’s data as is', async () => {
    const help = await h.slash('/risk', 'help');
    expect(textOf(help.ackMessage?.blocks)).toMatch(/[\u4e00-\u9fff]{4,}/);
    expect(textOf(help.ackMessage?.blocks)).not.toContain('Usage');

    await h.slash('/risk', '江苏 李无名 1');
    const empty = await h.privateAnswer(0);
    expect(textOf(empty.blocks)).toContain('该来源无记录');

    await h.slash('/risk', '江苏 张德洲 1');
    const page = await h.privateAnswer(1);
    expect(textOf(page.blocks)).toContain('全部未履行');
  });
});
