import type { FakeSlack } from '../src/local/fake-slack/server.js';
import type { FakeCall } from '../src/local/fake-slack/store.js';
import { SCREENING_NOTICE_BLOCK_ID } from '../src/slack/ids.js';

export interface ResponseUrlPost {
  call: FakeCall;
  /** performance.now() when the fake Slack recorded the post */
  at: number;
}

/**
 * The app's "Screening…" (or "Queued…") notice: posted to the response_url before the answer, which then
 * replaces it. A bench that times the reply must wait for the post after it.
 */
export function isScreeningNotice(args: Record<string, unknown>): boolean {
  const blocks = args.blocks;
  return (
    Array.isArray(blocks) &&
    blocks.some(
      (block: unknown) =>
        typeof block === 'object' &&
        block !== null &&
        (block as { block_id?: unknown }).block_id === SCREENING_NOTICE_BLOCK_ID,
    )
  );
}

/**
 * Waits for the answer posted to a response_url at the fake Slack: the first post from now on that is not
 * the screening notice. One listener on the fake for every waiter.
 */
export class ResponseUrlAnswers {
  private readonly waiting = new Map<
    string,
    { resolve: (post: ResponseUrlPost) => void; timer: NodeJS.Timeout }
  >();
  /** screening / queued notices seen on watched URLs (not answers) */
  notices = 0;
  private readonly listener: Parameters<FakeSlack['on']>[1];

  constructor(
    private readonly fake: FakeSlack,
    private readonly timeoutMs: number,
  ) {
    this.listener = (change) => {
      if (change.kind !== 'call' || change.call.method !== 'response_url') return;
      const url = change.call.responseUrl ?? '';
      const waiter = this.waiting.get(url);
      if (!waiter) return;
      if (isScreeningNotice(change.call.args)) {
        this.notices++;
        return;
      }
      this.waiting.delete(url);
      clearTimeout(waiter.timer);
      waiter.resolve({ call: change.call, at: performance.now() });
    };
    fake.on('change', this.listener);
  }

  /** resolves on the first post to `responseUrl` from now on that is not the screening notice */
  next(responseUrl: string, timeoutMs = this.timeoutMs): Promise<ResponseUrlPost> {
    return new Promise<ResponseUrlPost>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(responseUrl);
        reject(new Error(`no answer at the response_url within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(responseUrl, { resolve, timer });
    });
  }

  close(): void {
    for (const waiter of this.waiting.values()) clearTimeout(waiter.timer);
    this.waiting.clear();
    this.fake.off('change', this.listener);
  }
}
