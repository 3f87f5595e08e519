import { type LoggerOptions, pino } from 'pino';
import { scrubPersonalData } from '../src/domain/scrub.js';
import { createLogger, type Logger, REDACT_PATHS } from '../src/logging/logger.js';
import { benchSync } from './measure.js';
import { NullSink } from './nullSink.js';
import type { BenchSection } from './table.js';

/** A pino line as the app writes one after a Juhe call: ~300 bytes, nothing personal in it. */
const CLEAN_LINE =
  '{"level":30,"time":1749192300000,"pid":41872,"hostname":"compliance-bot-7d9f","name":"juhe-risk-slack","component":"juhe","api":"risk","call":"9f2c41ab","path":"/personRisk/query","attempt":1,"status":200,"latencyMs":38,"errorCode":0,"billed":true,"orderId":"JH4011908021558278080790","msg":"juhe call finished"}';

/** The same size of line with a 身份证 and a mobile that slipped into free text and a bare number. */
const PERSONAL_LINE =
  '{"level":40,"time":1749192300000,"pid":41872,"hostname":"compliance-bot-7d9f","name":"juhe-risk-slack","component":"finance","requester":"U0ANALYST1","input":"张三 11010519491231002X","callback":13812345678,"orderId":"JH4021908021558278080791","msg":"finance lookup retried for 张三, 11010519491231002X"}';

const RAW_ID_CARD = '11010519491231002X';
const RAW_MOBILE = '13812345678';

export function benchPrivacy(scrubIterations = 200_000, logLines = 100_000): BenchSection {
  if (scrubPersonalData(PERSONAL_LINE).includes(RAW_ID_CARD)) throw new Error('scrub left a 身份证 in place');
  const scrubOptions = { warmup: 20_000, iterations: scrubIterations, batch: 1000, rateUnit: 'lines/s' };
  const rows = [
    benchSync(
      {
        name: `scrubPersonalData, ${Buffer.byteLength(CLEAN_LINE)} B line, nothing personal`,
        ...scrubOptions,
      },
      () => scrubPersonalData(CLEAN_LINE),
    ),
    benchSync(
      {
        name: `scrubPersonalData, ${Buffer.byteLength(PERSONAL_LINE)} B line, 2 身份证 + 1 mobile`,
        ...scrubOptions,
      },
      () => scrubPersonalData(PERSONAL_LINE),
    ),
  ];

  const loggerOptions = { warmup: 10_000, iterations: logLines, batch: 1000, rateUnit: 'lines/s' };
  // The same call through plain pino and through each half of createLogger, to show where the time goes.
  const logCall = (logger: Logger) => () =>
    logger.info(
      { api: 'risk', call: '9f2c41ab', path: '/personRisk/query', attempt: 1, status: 200, latencyMs: 38 },
      'juhe call finished',
    );
  const breakdown: Array<[string, LoggerOptions]> = [
    ['pino alone (baseline)', {}],
    ['pino + redact paths only', { redact: { paths: REDACT_PATHS, censor: '[Redacted]' } }],
    ['pino + scrub hook only', { hooks: { streamWrite: scrubPersonalData } }],
  ];
  for (const [name, pinoOptions] of breakdown) {
    const logger = pino({ name: 'juhe-risk-slack', ...pinoOptions }, new NullSink()).child({
      component: 'juhe',
    });
    rows.push(benchSync({ name: `${name}, clean fields`, ...loggerOptions }, logCall(logger)));
  }
  const cleanSink = new NullSink();
  const cleanLogger = createLogger({ level: 'info', destination: cleanSink }).child({ component: 'juhe' });
  rows.push(benchSync({ name: 'createLogger, clean fields', ...loggerOptions }, logCall(cleanLogger)));
  const personalSink = new NullSink();
  const personalLogger = createLogger({ level: 'info', destination: personalSink }).child({
    component: 'finance',
  });
  rows.push(
    benchSync({ name: 'createLogger, redacted keys + scrubbed text', ...loggerOptions }, () =>
      personalLogger.info(
        {
          requester: 'U0ANALYST1',
          idcard: RAW_ID_CARD,
          query: { mobile: RAW_MOBILE },
          purpose: 'KYC refresh',
        },
        `finance lookup for 张三, callback ${RAW_MOBILE}`,
      ),
    ),
  );
  const expectedLines = loggerOptions.warmup + logLines;
  for (const sink of [cleanSink, personalSink]) {
    if (sink.lines !== expectedLines)
      throw new Error(`logger wrote ${sink.lines} lines, not ${expectedLines}`);
  }
  if (personalSink.last.includes(RAW_MOBILE) || personalSink.last.includes(RAW_ID_CARD)) {
    throw new Error('personal data reached the log sink');
  }
  const meanLineBytes = Math.round(personalSink.bytes / personalSink.lines);
  return {
    title: 'Privacy: log scrubbing and the logger end to end',
    rows,
    footnote: `Timed in batches of 1,000; percentiles are over batch means. createLogger = pino with ${REDACT_PATHS.length} redact paths (each sensitive field name at the top level and one or two levels down) + the scrubPersonalData streamWrite hook; every logger writes to a Writable that discards (${meanLineBytes} B per redacted line).`,
  };
}
