import { Agent } from 'undici';
import { createJuheClient } from '../src/juhe/client.js';
import type { FinanceQuery, JuheService, RiskQuery } from '../src/juhe/types.js';
import { DEFAULT_SANDBOX_KEYS, startJuheSandbox } from '../src/local/sandbox/server.js';
import { createLogger } from '../src/logging/logger.js';
import { asyncRow, type BenchRow, runConcurrent } from './measure.js';
import { startSocketCountingProxy } from './socketCountingProxy.js';
import type { BenchSection } from './table.js';

const RISK_QUERY: RiskQuery = { keyword: '江苏', realname: '张德洲', type: 1, pageIndex: 1 };
const FINANCE_QUERY: FinanceQuery = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };

export interface JuheClientBenchSizes {
  warmup: number;
  sequential: number;
  perConcurrency: number;
  concurrencies: readonly number[];
  finance: number;
  reuse: number;
}

export const JUHE_CLIENT_SIZES: JuheClientBenchSizes = {
  warmup: 1000,
  sequential: 2000,
  perConcurrency: 2000,
  concurrencies: [1, 8, 32],
  finance: 1000,
  reuse: 600,
};

function clientFor(baseUrl: string, dispatcher?: Agent): JuheService {
  return createJuheClient({
    baseUrl,
    riskKey: DEFAULT_SANDBOX_KEYS.risk,
    financeKey: DEFAULT_SANDBOX_KEYS.finance,
    logger: createLogger({ level: 'silent' }),
    ...(dispatcher ? { dispatcher } : {}),
  });
}

async function riskCall(client: JuheService): Promise<void> {
  const page = await client.queryRisk(RISK_QUERY);
  // A bench of error answers would measure the wrong thing.
  if (page.records.length !== 10) throw new Error(`expected 10 records, got ${page.records.length}`);
}

async function financeCall(client: JuheService): Promise<void> {
  const rating = await client.queryFinance(FINANCE_QUERY);
  if (rating.range.status !== 'band') throw new Error('expected a decoded range band');
}

/** Runs the sequence once unmeasured, so connections, JIT and the sandbox are warm. */
async function warm(client: JuheService, calls: number): Promise<void> {
  await runConcurrent(calls, 8, () => riskCall(client));
  await runConcurrent(Math.ceil(calls / 3), 1, () => financeCall(client));
}

export async function benchJuheClient(
  sizes: JuheClientBenchSizes = JUHE_CLIENT_SIZES,
): Promise<BenchSection[]> {
  const sandbox = await startJuheSandbox();
  const proxy = await startSocketCountingProxy(sandbox.port);
  const client = clientFor(sandbox.url);
  try {
    await warm(client, sizes.warmup);
    const latency: BenchRow[] = [];
    latency.push(
      asyncRow(
        'risk, sequential (张德洲 type 1 page 1)',
        await runConcurrent(sizes.sequential, 1, () => riskCall(client)),
      ),
    );
    latency.push(
      asyncRow(
        'finance, sequential (张三)',
        await runConcurrent(sizes.finance, 1, () => financeCall(client)),
      ),
    );
    for (const concurrency of sizes.concurrencies) {
      const result = await runConcurrent(sizes.perConcurrency, concurrency, () => riskCall(client));
      latency.push(asyncRow(`risk, concurrency ${concurrency}`, result));
    }

    const reuse: BenchRow[] = [];
    const variants: Array<{ label: string; agent?: () => Agent }> = [
      { label: 'default client (keep-alive Agent)' },
      { label: 'Agent({ pipelining: 0 }) (no keep-alive)', agent: () => new Agent({ pipelining: 0 }) },
    ];
    for (const variant of variants) {
      for (const concurrency of [1, 8]) {
        const agent = variant.agent?.();
        const viaProxy = clientFor(proxy.url, agent);
        try {
          proxy.resetCount();
          const result = await runConcurrent(sizes.reuse, concurrency, () => riskCall(viaProxy));
          reuse.push(
            asyncRow(`${variant.label}, concurrency ${concurrency}`, result, {
              note: `${proxy.connections} sockets for ${sizes.reuse} calls`,
            }),
          );
        } finally {
          await viaProxy.close();
          await agent?.close();
        }
      }
    }
    return [
      {
        title: 'Juhe client → in-process sandbox (loopback HTTP)',
        rows: latency,
        footnote: `Each call: form body, POST, read + zod-parse the envelope, map to domain types. ${sizes.warmup} warm-up calls first. Client and sandbox share one event loop, so throughput is bounded by one core doing both sides.`,
      },
      {
        title: 'Connection reuse (through a counting TCP relay)',
        rows: reuse,
        footnote:
          'A fresh client per row, no warm-up, so connection set-up is part of the figures. Sockets counted by a loopback TCP relay in front of the sandbox; the relay adds its own hop, so compare these rows with each other, not with the table above.',
      },
    ];
  } finally {
    await client.close();
    await proxy.close();
    await sandbox.close();
  }
}
