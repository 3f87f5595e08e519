import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/bootstrap.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { preparedDataDir } from '../support/dataDir.js';
import { loggedUrl, startMain } from '../support/mainProcess.js';
import { waitUntil } from './harness.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
});

async function stop(child: ReturnType<typeof startMain>['child']): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('HOST', () => {
  it('binds the HTTP server to the given interface only', async () => {
    // 127.0.0.2 is loopback on Linux too, but a different address: a server on it does not answer 127.0.0.1.
    const main = startMain({
      DATA_DIR: await preparedDataDir(),
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: 'host-test-secret',
      SLACK_API_URL: fake.apiUrl,
      HOST: '127.0.0.2',
      PORT: '0',
    });
    try {
      const url = await waitUntil(() => loggedUrl(main.lines), 15_000);
      const base = new URL(url);
      expect(base.hostname).toBe('127.0.0.2');
      expect((await fetch(`http://127.0.0.2:${base.port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${base.port}/healthz`)).rejects.toThrow();
      expect(await stop(main.child)).toBe(0);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  }, 60_000);

  it('an IPv6 interface gets a URL with brackets that answers', async () => {
    const app = await startApp({
      config: {
        port: 0,
        juhe: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 },
        complianceChannels: new Set(),
        locale: 'en',
      },
      connection: { mode: 'http', botToken: fake.token, signingSecret: 'ipv6-secret', apiUrl: fake.apiUrl },
      logger: createLogger({ level: 'silent' }),
      local: true,
      host: '::1',
    });
    try {
      expect(app.url).toBe(`http://[::1]:${app.port}`);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('a PORT already in use: start-up fails saying so and what to do', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      await expect(
        startApp({
          config: {
            port,
            juhe: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 },
            complianceChannels: new Set(),
            locale: 'en',
          },
          connection: {
            mode: 'http',
            botToken: fake.token,
            signingSecret: 'port-secret',
            apiUrl: fake.apiUrl,
          },
          logger: createLogger({ level: 'silent' }),
          local: true,
          host: '127.0.0.1',
        }),
      ).rejects.toThrow(
        `PORT ${port} is already in use (127.0.0.1 port ${port}): stop what holds it, or set PORT to a free port (0 picks one)`,
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('refuses a value that is not an address or host name, naming the variable', async () => {
    const main = startMain({ HOST: 'http://0.0.0.0/' });
    const [code] = await once(main.child, 'exit');
    expect(code).toBe(1);
    expect(main.stderr.join('')).toContain('HOST: must be an IP address');
  }, 30_000);
});

describe('production runs compiled JavaScript', () => {
  it('npm run build, then node dist/main.js starts local mode and serves the workbench', async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'pipe' });
    const main = startMain({ PORT: '0' }, { compiled: true });
    try {
      const url = await waitUntil(() => loggedUrl(main.lines), 15_000);
      const page = await fetch(url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect(main.lines.some((l) => l.includes('answers come from the built-in sandbox'))).toBe(true);
      expect(await stop(main.child)).toBe(0);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  }, 60_000);
});
