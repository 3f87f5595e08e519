import { blockActionsPayload, interactionBody, slashCommandBody } from '../src/local/fake-slack/payloads.js';
import type { FakeMessage } from '../src/local/fake-slack/store.js';
import { ACTION_IDS } from '../src/slack/ids.js';
import { findButton } from '../test/e2e/harness.js';
import { type AppUnderBench, BENCH_IDS, startAppUnderBench } from './appUnderBench.js';
import { type BenchRow, runConcurrent } from './measure.js';
import { summarize } from './stats.js';
import type { BenchSection } from './table.js';

const USER = BENCH_IDS.analyst;
const CHANNEL = BENCH_IDS.generalChannel;
const RISK_PATH = '/personRisk/query';
/** Case numbers of the 张德洲 fixtures: a reply without one is an error message, not results. */
const RESULT_MARKER = '苏05';

interface Timing {
  ackMs: number;
  replyMs: number;
}

function assertResults(args: Record<string, unknown>): void {
  if (!JSON.stringify(args.blocks ?? '').includes(RESULT_MARKER)) {
    throw new Error(`reply without results: ${String(args.text).slice(0, 120)}`);
  }
}

/** One `/risk` from signing the request to the reply arriving at its response_url. */
async function slashRisk(bench: AppUnderBench, text: string): Promise<Timing> {
  const responseUrl = bench.fake.createResponseUrl({ channel: CHANNEL, user: USER });
  const triggerId = bench.fake.issueTriggerId({ user: USER, channel: CHANNEL });
  const body = slashCommandBody({
    command: '/risk',
    text,
    userId: USER,
    channelId: CHANNEL,
    triggerId,
    responseUrl,
  });
  return timeRoundTrip(bench, body, responseUrl);
}

/** Sends a signed body; times its ack and the reply arriving at `responseUrl`. */
async function timeRoundTrip(bench: AppUnderBench, body: string, responseUrl: string): Promise<Timing> {
  const reply = bench.nextPostTo(responseUrl);
  reply.catch(() => undefined);
  const started = performance.now();
  const ack = await bench.post(body);
  const ackMs = performance.now() - started;
  if (ack.status !== 200) throw new Error(`ack status ${ack.status}`);
  const posted = await reply;
  if (!posted.call.ok) throw new Error(`response_url post refused: ${posted.call.error}`);
  assertResults(posted.call.args);
  return { ackMs, replyMs: posted.at - started };
}

interface PageButton {
  messageTs: string;
  blockId: string;
  value: string;
}

/** The Next button as it is now: the fake Slack updates messages in place, so it is copied out. */
function nextButtonOf(message: FakeMessage): PageButton {
  return { messageTs: message.ts, ...findButton(message, ACTION_IDS.nextPage) };
}

/**
 * A click on Next on an ephemeral results message; the page comes back through a fresh response_url.
 * Clicking the same (page 1) button again asks for page 2 each time, like a user clicking a stale button.
 */
async function clickNext(bench: AppUnderBench, button: PageButton): Promise<Timing> {
  const responseUrl = bench.fake.createResponseUrl({
    channel: CHANNEL,
    user: USER,
    messageTs: button.messageTs,
  });
  const body = interactionBody(
    blockActionsPayload({
      user: USER,
      channel: CHANNEL,
      container: { type: 'message', message_ts: button.messageTs, channel_id: CHANNEL, is_ephemeral: true },
      actions: [{ action_id: ACTION_IDS.nextPage, block_id: button.blockId, value: button.value }],
      trigger_id: bench.fake.issueTriggerId({ user: USER, channel: CHANNEL }),
      response_url: responseUrl,
    }),
  );
  return timeRoundTrip(bench, body, responseUrl);
}

interface Scenario {
  name: string;
  total: number;
  concurrency: number;
  run: (index: number) => Promise<Timing>;
}

async function measureScenario(bench: AppUnderBench, scenario: Scenario): Promise<BenchRow[]> {
  const acks: number[] = [];
  const replies: number[] = [];
  const juheBefore = bench.sandbox.requestCount(RISK_PATH);
  const result = await runConcurrent(scenario.total, scenario.concurrency, async (index) => {
    const timing = await scenario.run(index);
    acks.push(timing.ackMs);
    replies.push(timing.replyMs);
  });
  const juheCalls = bench.sandbox.requestCount(RISK_PATH) - juheBefore;
  const failed = result.failures > 0 ? `; ${result.failures} failed (${result.firstError})` : '';
  const perSecond = (scenario.total / result.elapsedMs) * 1000;
  return [
    { name: `${scenario.name}: ack`, ...summarize(acks, scenario.total) },
    {
      name: `${scenario.name}: reply at Slack`,
      ...summarize(replies, scenario.total),
      perSecond,
      rateUnit: 'commands/s',
      note: `${juheCalls} Juhe calls${failed}`,
    },
  ];
}

export interface EndToEndSizes {
  warmup: number;
  commands: number;
  overview: number;
  concurrency: number;
}

export const END_TO_END_SIZES: EndToEndSizes = { warmup: 30, commands: 200, overview: 100, concurrency: 8 };

export async function benchEndToEnd(sizes: EndToEndSizes = END_TO_END_SIZES): Promise<BenchSection> {
  const bench = await startAppUnderBench();
  try {
    for (let i = 0; i < sizes.warmup; i++) await slashRisk(bench, `预热${i} 张德洲 1`);
    for (let i = 0; i < sizes.warmup; i++) await slashRisk(bench, `预热${i} 张德洲`);

    const n = sizes.commands;
    const rows: BenchRow[] = [];
    rows.push(
      ...(await measureScenario(bench, {
        name: `/risk 江苏{i} 张德洲 1, sequential`,
        total: n,
        concurrency: 1,
        run: (i) => slashRisk(bench, `江苏${i} 张德洲 1`),
      })),
    );
    rows.push(
      ...(await measureScenario(bench, {
        name: `/risk 江苏{i} 张德洲 1, ${sizes.concurrency} concurrent`,
        total: n,
        concurrency: sizes.concurrency,
        run: (i) => slashRisk(bench, `江苏${n + i} 张德洲 1`),
      })),
    );
    rows.push(
      ...(await measureScenario(bench, {
        name: '/risk 江苏{i} 张德洲 (overview, 3 sources), sequential',
        total: sizes.overview,
        concurrency: 1,
        run: (i) => slashRisk(bench, `江苏${2 * n + i} 张德洲`),
      })),
    );

    // Same subject again and again: every page after the first comes from the page cache.
    await slashRisk(bench, '江苏 张德洲 1');
    rows.push(
      ...(await measureScenario(bench, {
        name: '/risk 江苏 张德洲 1 repeated (cached), sequential',
        total: n,
        concurrency: 1,
        run: () => slashRisk(bench, '江苏 张德洲 1'),
      })),
    );
    const pageOne = bench.fake.ephemeralsFor(USER, CHANNEL).at(-1);
    if (!pageOne) throw new Error('no results message to page through');
    const nextOnPageOne = nextButtonOf(pageOne);
    await clickNext(bench, nextOnPageOne);
    rows.push(
      ...(await measureScenario(bench, {
        name: 'Next button → page 2 (cached), sequential',
        total: n,
        concurrency: 1,
        run: () => clickNext(bench, nextOnPageOne),
      })),
    );
    if (bench.fake.violations.length > 0) throw new Error('the fake Slack saw messages over its limits');
    return {
      title: 'End to end: signed Slack request → app → Juhe sandbox → reply at the fake Slack',
      rows,
      footnote: `All on loopback in one process: the app's HTTP receiver + Bolt + Juhe client, the sandbox and the fake Slack share the event loop. "ack" = signed POST until its 200; "reply at Slack" = same start until the answer is recorded at the response_url (the post after the "Screening…" notice, which is not timed). Distinct keywords defeat the page cache; ${sizes.warmup * 2} warm-up commands first; app logs at info into a discarding stream.`,
    };
  } finally {
    await bench.close();
  }
}
