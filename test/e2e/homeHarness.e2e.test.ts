import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeView } from '../../src/local/fake-slack/store.js';
import { findHomeButton, type Harness, IDS, startHarness } from './harness.js';

const button = (actionId: string, value?: string, text = actionId) => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  ...(value !== undefined ? { value } : {}),
});
const homeBlocks = [
  {
    type: 'section',
    block_id: 'intro',
    text: { type: 'mrkdwn', text: 'Hi' },
    accessory: button('open', 'o1'),
  },
  {
    type: 'actions',
    block_id: 'watches',
    elements: [button('stop_watch', 'w1', 'Stop A'), button('stop_watch', 'w2', 'Stop B'), button('bare')],
  },
];
const homeOf = (blocks: unknown[]): FakeView => ({
  id: 'V1',
  user: IDS.analyst,
  view: { id: 'V1', type: 'home', blocks },
  state: 'open',
  rootViewId: 'V1',
  previousViewId: null,
  hash: '1.a',
});

describe('findHomeButton', () => {
  it('finds a button in an actions block or as an accessory; by value when several share the action_id', () => {
    const home = homeOf(homeBlocks);
    expect(findHomeButton(home, 'open')).toEqual({ blockId: 'intro', value: 'o1', text: 'open' });
    expect(findHomeButton(home, 'stop_watch')).toEqual({ blockId: 'watches', value: 'w1', text: 'Stop A' });
    expect(findHomeButton(home, 'stop_watch', 'w2')).toEqual({
      blockId: 'watches',
      value: 'w2',
      text: 'Stop B',
    });
    expect(findHomeButton(home, 'bare')).toEqual({ blockId: 'watches', text: 'bare' });
    expect(() => findHomeButton(home, 'stop_watch', 'w9')).toThrow(
      'no button stop_watch with value "w9" on the Home tab V1',
    );
    expect(() => findHomeButton(home, 'nope')).toThrow('no button nope on the Home tab V1');
  });
});

describe('the harness opens the Home tab and clicks its buttons', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The app's own Home tab may not exist yet: stand in for its publish unless it does so itself. */
  function publishUnlessTheAppDoes(user: string): void {
    const before = h.fake.homeView(user)?.hash;
    setTimeout(() => {
      if (h.fake.homeView(user)?.hash === before)
        h.fake.store.publishHomeView(user, { type: 'home', blocks: homeBlocks });
    }, 300);
  }

  it('openHome resolves with the Home tab published for that person after the call', async () => {
    publishUnlessTheAppDoes(IDS.analyst);
    const first = await h.openHome();
    expect(first).toBe(h.fake.homeView(IDS.analyst));
    expect(first.user).toBe(IDS.analyst);
    expect(first.view.type).toBe('home');
    publishUnlessTheAppDoes(IDS.analyst);
    const second = await h.openHome(IDS.analyst);
    expect(second.id).toBe(first.id);
    expect(second.hash).not.toBe(first.hash);
  });

  it('waitForHome waits for a Home tab that satisfies the predicate', async () => {
    const waiting = h.waitForHome(IDS.refused, (home) => home.view.private_metadata === 'later');
    setTimeout(
      () =>
        h.fake.store.publishHomeView(IDS.refused, { type: 'home', blocks: [], private_metadata: 'later' }),
      30,
    );
    expect((await waiting).user).toBe(IDS.refused);
  });

  it('clickHomeButton sends a signed block_actions the app acks', async () => {
    const home = h.fake.store.publishHomeView(IDS.analyst, { type: 'home', blocks: homeBlocks });
    const result = await h.clickHomeButton(home, 'stop_watch', { value: 'w2' });
    expect(result.status).toBe(200);
    expect(result.timedOut).toBe(false);
  });
});
