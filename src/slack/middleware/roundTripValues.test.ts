import { describe, expect, it } from 'vitest';
import { captureLog } from '../../../test/support/capturedLog.js';
import { createLogger } from '../../logging/logger.js';
import { createRoundTripTag } from '../roundTripTag.js';
import { checkRoundTripValues } from './roundTripValues.js';

const roundTrip = createRoundTripTag('xoxb-middleware-test');
const cursor = '{"v":1,"k":"江苏","n":"张德洲","t":1,"p":2,"s":10}';
const origin = '{"c":"C1","r":"https://hooks.slack.com/commands/T1/1/x"}';

function checked(body: Record<string, unknown>) {
  const { lines, destination } = captureLog();
  checkRoundTripValues(body, roundTrip, createLogger({ level: 'debug', destination }));
  return { body, lines };
}

const clickWith = (value: string | undefined) => ({
  type: 'block_actions',
  actions: [{ type: 'button', action_id: 'risk_next_page', ...(value !== undefined ? { value } : {}) }],
});

describe('round-trip values coming back from Slack', () => {
  it('strips a valid tag from a button value, silently', () => {
    const { body, lines } = checked(clickWith(roundTrip.tag(cursor)));
    expect((body.actions as Array<{ value?: string }>)[0]?.value).toBe(cursor);
    expect(lines).toEqual([]);
  });

  it.each([
    ['untagged', cursor],
    ['edited after tagging', roundTrip.tag(cursor).replace('"p":2', '"p":3')],
    ['tagged by another app', createRoundTripTag('xoxb-other').tag(cursor)],
  ])('removes a button value that is %s, with a warning that holds no value', (_label, value) => {
    const { body, lines } = checked(clickWith(value));
    expect((body.actions as Array<Record<string, unknown>>)[0]).not.toHaveProperty('value');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 40, actionId: 'risk_next_page' });
    expect(lines[0]).not.toContain('张德洲');
    expect(lines[0]).not.toContain('江苏');
  });

  it('strips a valid tag from private_metadata and empties an invalid one', () => {
    const good = checked({
      type: 'view_submission',
      view: { id: 'V1', private_metadata: roundTrip.tag(origin) },
    });
    expect((good.body.view as { private_metadata: string }).private_metadata).toBe(origin);
    const edited = roundTrip.tag(origin).replace('C1', 'C2');
    const bad = checked({ type: 'view_submission', view: { id: 'V1', private_metadata: edited } });
    expect((bad.body.view as { private_metadata: string }).private_metadata).toBe('');
    expect(JSON.parse(bad.lines[0] ?? '{}')).toMatchObject({ level: 40, viewId: 'V1' });
    expect(bad.lines[0]).not.toContain('hooks.slack.com');
  });

  it('leaves everything else alone', () => {
    const body = { type: 'view_submission', view: { id: 'V1', private_metadata: '' } };
    expect(checked(body).lines).toEqual([]);
    expect(body.view.private_metadata).toBe('');
    const select = {
      type: 'block_actions',
      actions: [{ type: 'static_select', selected_option: { value: '1' } }],
    };
    expect(checked(select).body).toEqual({
      type: 'block_actions',
      actions: [{ type: 'static_select', selected_option: { value: '1' } }],
    });
    expect(() => checkRoundTripValues(null, roundTrip, createLogger({ level: 'silent' }))).not.toThrow();
  });
});
