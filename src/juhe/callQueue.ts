import { transportError } from './errorCatalog.js';
import type { JuheApi } from './types.js';

/**
 * Where the slots of JUHE_MAX_CONCURRENCY are counted: in this process (slotStore.ts), or in Redis for
 * every instance at once (src/coordination/redisSlotStore.ts). Waiters are named by ids unique to this
 * process's queue; the store never sees what a call is about.
 */
export interface SlotStore {
  /**
   * Tries to give slots to these waiters, first first. `granted`: the ids that got one (a prefix of
   * `ids`); `ahead`: how many waiters of any instance are in line before the first that did not;
   * `pausedMs`: while Juhe asked to slow down (10011/10012), nobody gets a slot for this long.
   */
  take(ids: readonly string[]): Promise<{ granted: string[]; ahead: number; pausedMs: number }>;
  /** a slot's call ended */
  give(id: string): Promise<void>;
  /** waiters that stopped waiting (told busy, cancelled) */
  withdraw(ids: readonly string[]): Promise<void>;
  /** Juhe answered 10011/10012: every instance pauses, each time longer; resolves to the pause in ms */
  backOff(): Promise<number>;
  /** a call was answered: the next 10011/10012 pauses for the shortest time again */
  recovered(): Promise<void>;
  /** called when another instance freed a slot or a pause ended, so waiting is not only polling */
  onFreed(listener: () => void): void;
  /** how often to ask again while waiters wait and nothing was heard (a slot whose instance died expires) */
  readonly pollMs: number;
  close(): Promise<void>;
}

export interface CallSlot {
  /** how long the call waited for its slot */
  readonly waitedMs: number;
  release(): void;
}

export interface EnterOptions {
  signal?: AbortSignal;
  /** called once if the call is still waiting after QUEUED_NOTICE_MS, with its place in line (1 = next) */
  onQueued?: (position: number) => void;
  /** when the waiting has to end (performance.now() time); default now + the queue timeout */
  deadline?: number;
}

/** What the queue reports, for GET /metrics. */
export interface CallQueueObserver {
  waiting(delta: number): void;
  waited(seconds: number): void;
  open(delta: number): void;
}

export interface JuheCallQueue {
  /** waits for a slot; throws a BUSY JuheError (unbilled) when none came before the deadline */
  enter(options?: EnterOptions): Promise<CallSlot>;
  /** Juhe answered 10011/10012: no call starts for a while (longer each time, shorter again once answered) */
  backOff(): Promise<number>;
  /** a call was answered */
  answered(): void;
  /** calls waiting here */
  readonly waiting: number;
  /** calls holding a slot here */
  readonly open: number;
  close(): Promise<void>;
}

/** A lookup that waits longer than this is told it is queued, and where. */
export const QUEUED_NOTICE_MS = 1_000;

interface Waiter {
  id: string;
  resolve: (slot: CallSlot) => void;
  reject: (error: Error) => void;
  enqueuedAt: number;
  timers: ReturnType<typeof setTimeout>[];
  cleanup: () => void;
}

/**
 * The queue in front of Juhe: FIFO on this instance, slots counted by the store. The per-call budget
 * (JUHE_TIMEOUT_MS) starts only once `enter` resolves; the wait has its own bound (JUHE_QUEUE_TIMEOUT_MS),
 * after which the caller is told busy, unbilled (nothing was sent).
 */
export function createJuheCallQueue(options: {
  api: JuheApi;
  store: SlotStore;
  queueTimeoutMs: number;
  observer?: CallQueueObserver;
  onStoreError?: (error: unknown) => void;
}): JuheCallQueue {
  const { api, store, queueTimeoutMs, observer } = options;
  const queue: Waiter[] = [];
  let open = 0;
  let nextId = 0;
  let lastAhead = 0;
  let pumping = false;
  let pumpAgain = false;
  let closed = false;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let backedOffRecently = false;

  const positionOf = (waiter: Waiter) => lastAhead + queue.indexOf(waiter) + 1;

  function removeWaiter(waiter: Waiter): boolean {
    const index = queue.indexOf(waiter);
    if (index < 0) return false;
    queue.splice(index, 1);
    waiter.cleanup();
    observer?.waiting(-1);
    return true;
  }

  function grant(waiter: Waiter): void {
    removeWaiter(waiter);
    open++;
    observer?.open(1);
    const waitedMs = performance.now() - waiter.enqueuedAt;
    observer?.waited(waitedMs / 1000);
    let released = false;
    waiter.resolve({
      waitedMs,
      release() {
        if (released) return;
        released = true;
        open--;
        observer?.open(-1);
        store
          .give(waiter.id)
          .catch((error: unknown) => options.onStoreError?.(error))
          .finally(() => wake());
      },
    });
  }

  function scheduleWake(ms: number): void {
    if (wakeTimer !== undefined) clearTimeout(wakeTimer);
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      wake();
    }, ms);
    wakeTimer.unref?.();
  }

  function wake(): void {
    if (closed || queue.length === 0) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    void pump().finally(() => {
      pumping = false;
      if (pumpAgain) {
        pumpAgain = false;
        wake();
      }
    });
  }

  async function pump(): Promise<void> {
    const candidates = queue.slice(0, 64);
    if (candidates.length === 0) return;
    let result: Awaited<ReturnType<SlotStore['take']>>;
    try {
      result = await store.take(candidates.map((w) => w.id));
    } catch (error) {
      // Redis out of reach: the waiters keep waiting (their deadline still holds) and it is asked again
      options.onStoreError?.(error);
      scheduleWake(store.pollMs);
      return;
    }
    const granted = new Set(result.granted);
    for (const waiter of candidates) {
      // a waiter that gave up meanwhile got a slot it will not use: give it back at once
      if (!granted.has(waiter.id)) continue;
      if (queue.includes(waiter)) grant(waiter);
      else void store.give(waiter.id).catch((error: unknown) => options.onStoreError?.(error));
    }
    lastAhead = result.ahead;
    if (queue.length > 0) scheduleWake(result.pausedMs > 0 ? result.pausedMs : store.pollMs);
  }

  store.onFreed(() => wake());

  return {
    enter(enterOptions = {}) {
      const { signal, onQueued } = enterOptions;
      if (closed) {
        return Promise.reject(
          transportError(api, 'CLOSED', 'the client has been closed (the app is shutting down)'),
        );
      }
      if (signal?.aborted) {
        return Promise.reject(transportError(api, 'ABORTED', 'the call was cancelled by the caller'));
      }
      return new Promise<CallSlot>((resolve, reject) => {
        const enqueuedAt = performance.now();
        const deadline = enterOptions.deadline ?? enqueuedAt + queueTimeoutMs;
        const waiter: Waiter = {
          id: `${process.pid.toString(36)}.${(nextId++).toString(36)}`,
          resolve,
          reject,
          enqueuedAt,
          timers: [],
          cleanup: () => {
            for (const timer of waiter.timers) clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          },
        };
        const giveUp = (error: Error) => {
          if (!removeWaiter(waiter)) return;
          observer?.waited((performance.now() - enqueuedAt) / 1000);
          void store.withdraw([waiter.id]).catch((e: unknown) => options.onStoreError?.(e));
          reject(error);
          wake();
        };
        const onAbort = () => giveUp(transportError(api, 'ABORTED', 'the call was cancelled by the caller'));
        signal?.addEventListener('abort', onAbort, { once: true });
        waiter.timers.push(
          setTimeout(
            () =>
              giveUp(
                transportError(
                  api,
                  'BUSY',
                  `no Juhe slot came free within the ${queueTimeoutMs} ms queue timeout (JUHE_QUEUE_TIMEOUT_MS); nothing was sent`,
                ),
              ),
            Math.max(0, deadline - enqueuedAt),
          ),
        );
        if (onQueued) {
          waiter.timers.push(
            setTimeout(() => {
              if (!queue.includes(waiter)) return;
              try {
                onQueued(positionOf(waiter));
              } catch (error) {
                options.onStoreError?.(error);
              }
            }, QUEUED_NOTICE_MS),
          );
        }
        queue.push(waiter);
        observer?.waiting(1);
        wake();
      });
    },
    async backOff() {
      backedOffRecently = true;
      const pausedMs = await store.backOff();
      scheduleWake(pausedMs);
      return pausedMs;
    },
    answered() {
      if (!backedOffRecently) return;
      backedOffRecently = false;
      store.recovered().catch((error: unknown) => options.onStoreError?.(error));
    },
    get waiting() {
      return queue.length;
    },
    get open() {
      return open;
    },
    async close() {
      closed = true;
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      for (const waiter of [...queue]) {
        removeWaiter(waiter);
        waiter.reject(transportError(api, 'CLOSED', 'the client has been closed (the app is shutting down)'));
      }
      await store.close();
    },
  };
}
