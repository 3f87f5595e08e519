/*
 * The baseline of the side-by-side bench (bench/sideBySideBench.ts): the least a Bolt app must do for a `/risk`,
 * on the same @slack/bolt and undici as the app. It acks the command, makes one form POST to Juhe's
 * /personRisk/query (the body src/juhe/client.ts sends) and posts one message with the records' case numbers
 * to the command's response_url. No audit, no database, no queue, no cache, no logging beyond Bolt's own.
 *
 * Its own process: `node bench/bareBoltApp.ts` (Node's built-in type stripping, so it runs as plain JavaScript
 * like the app's compiled dist/main.js, without tsx's loader). It imports nothing from src/ and uses only
 * erasable TypeScript. Configuration from the environment, like the app's:
 *   SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, JUHE_BASE_URL, JUHE_RISK_KEY, PORT (0 = any).
 * Once listening it prints one JSON line with `url` (…/slack/events), as the app logs its own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { request } from 'undici';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const signingSecret = required('SLACK_SIGNING_SECRET');
const juheBaseUrl = required('JUHE_BASE_URL').replace(/\/+$/, '');
const juheKey = required('JUHE_RISK_KEY');
const apiUrl = process.env.SLACK_API_URL;

interface JuheRecord {
  CaseNo?: unknown;
}

interface JuheAnswer {
  error_code?: unknown;
  reason?: unknown;
  result?: { totalRecords?: unknown; data?: JuheRecord[] } | null;
}

/** `/risk <keyword> <realname> [type]`, the app's positional form */
function parseRiskText(text: string): { keyword: string; realname: string; type: string } {
  const [keyword = '', realname = '', type = '1'] = text.trim().split(/\s+/);
  return { keyword, realname, type };
}

async function askJuhe(subject: { keyword: string; realname: string; type: string }): Promise<JuheAnswer> {
  const body = new URLSearchParams({
    key: juheKey,
    keyword: subject.keyword,
    realname: subject.realname,
    type: subject.type,
    pageIndex: '1',
    pageSize: '10',
  }).toString();
  const response = await request(`${juheBaseUrl}/personRisk/query`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  });
  return (await response.body.json()) as JuheAnswer;
}

function answerMessage(answer: JuheAnswer): { text: string; blocks: unknown[] } {
  if (answer.error_code !== 0) {
    const text = `Juhe error ${String(answer.error_code)}: ${String(answer.reason)}`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const records = answer.result?.data ?? [];
  const text = `${String(answer.result?.totalRecords ?? records.length)} records`;
  const lines = records.map((record) => `• ${String(record.CaseNo ?? '')}`);
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [text, ...lines].join('\n') } }],
  };
}

async function postToResponseUrl(url: string, message: { text: string; blocks: unknown[] }): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    body: JSON.stringify({ response_type: 'ephemeral', ...message }),
    headers: { 'content-type': 'application/json' },
  });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`response_url answered HTTP ${response.statusCode}`);
}

const receiver = new HTTPReceiver({ signingSecret, processBeforeResponse: false });
const app = new App({
  token: required('SLACK_BOT_TOKEN'),
  receiver,
  logLevel: LogLevel.WARN,
  ...(apiUrl ? { clientOptions: { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } } : {}),
});

app.command('/risk', async ({ command, ack }) => {
  await ack();
  const answer = await askJuhe(parseRiskText(command.text));
  await postToResponseUrl(command.response_url, answerMessage(answer));
});

app.error(async (error) => {
  process.stderr.write(`bare app: ${error.message}\n`);
});

const server = createServer((req, res) => {
  if (req.url === '/slack/events' && req.method === 'POST') {
    receiver.requestListener(req, res);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
