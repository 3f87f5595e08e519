import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf } from './harness.js';

const VALID = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };

function financeForm(fields: Partial<typeof VALID> & { purpose?: string; consent?: boolean }) {
  const text = (block: string, value: string | undefined) => ({
    [block]: { [`${block}_input`]: { type: 'plain_text_input', value: value ?? null } },
  });
  return {
    ...text('realname', fields.realname),
    ...text('idcard', fields.idcard),
    ...text('mobile', fields.mobile),
    ...text('purpose', fields.purpose),
    consent: {
      consent_checkbox: {
        type: 'checkboxes',
        selected_options: fields.consent
          ? [{ value: 'attested', text: { type: 'plain_text', text: 'I attest' } }]
          : [],
      },
    },
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ financeAllowedUserIds: [IDS.analyst], queueTimeoutMs: 3000 });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  // at debug level the logs still hold no 身份证, mobile or name
  for (const value of [VALID.idcard, VALID.mobile, VALID.realname])
    expect(h.logLines.join('\n')).not.toContain(value);
  await h.close();
});
beforeEach(() => h.sandbox.resetRequests());

async function openFinance(channel: string = IDS.generalChannel) {
  const ack = await h.slash('/finance', '', { channel });
  expect(ack.status).toBe(200);
  expect(ack.body).toBe('');
  return h.waitForView(
    IDS.analyst,
    'finance_query',
    (v) => !v.errors && JSON.stringify(v.view).includes('consent'),
  );
}

describe('/finance', () => {
  it('open → invalid submission errors keyed by block_id → valid submission → decoded bands', async () => {
    const modal = await openFinance();
    const blockIds = (modal.view.blocks as Array<{ block_id: string }>).map((b) => b.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(['realname', 'idcard', 'mobile', 'purpose', 'consent']));

    const invalid = await h.submitView(
      modal,
      financeForm({ realname: '张三', idcard: '110105194912310021', mobile: '12345678901', purpose: '' }),
    );
    const errors = JSON.parse(invalid.body);
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors).sort()).toEqual(['consent', 'idcard', 'mobile', 'purpose']);
    expect(invalid.body).not.toContain('110105194912310021');
    expect(h.sandbox.requestCount()).toBe(0);

    const valid = await h.submitView(
      modal,
      financeForm({ ...VALID, purpose: 'Loan application KYC', consent: true }),
    );
    expect(JSON.parse(valid.body).response_action).toBe('update');
    const outcome = await h.waitForViewContent(modal.id, (v) => JSON.stringify(v.view).includes('JH815'));
    const text = textOf(outcome.view.blocks);
    expect(text).toContain('1,500');
    expect(text).toContain('110105********002X');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13812345678');
    expect(h.sandbox.requestCount('/financeInfo/query')).toBe(1);

    const audit = h.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.audit?.api === 'finance' && l.audit.outcome === '0');
    expect(audit.audit).toMatchObject({
      requester: IDS.analyst,
      purpose: '(sealed)',
      billed: true,
      subject: '张* / 110105********002X / 138****5678',
    });
  });

  it('from a compliance channel also posts the masked result in a thread', async () => {
    const modal = await openFinance(IDS.complianceChannel);
    await h.submitView(modal, financeForm({ ...VALID, purpose: 'Periodic review', consent: true }));
    const parent = await h.waitForMessage(() =>
      h.fake
        .messagesIn(IDS.complianceChannel)
        .find((m) => m.replies.some((r) => JSON.stringify(r.blocks).includes('JH815'))),
    );
    const everything = JSON.stringify([parent, parent.replies]);
    expect(everything).toContain('110105********002X');
    expect(everything).not.toContain('11010519491231002X');
    expect(everything).not.toContain('13812345678');
  });

  it('refuses a user outside FINANCE_ALLOWED_USER_IDS without opening the form', async () => {
    const ack = await h.slash('/finance', '', { user: IDS.refused });
    expect(ack.ackMessage?.response_type).toBe('ephemeral');
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
  });

  it.each([
    ['quota', '19900000010', /limit/i],
    ['maintenance', '19900000011', /maintenance/i],
    ['input (281501)', '19800281501', /ID|身份证/],
    ['misconfigured (10001)', '19800010001', /admin/i],
  ])('a Juhe %s error shows its own message in the modal', async (_label, mobile, pattern) => {
    const modal = await openFinance();
    await h.submitView(
      modal,
      financeForm({ ...VALID, mobile, purpose: 'Error handling check', consent: true }),
    );
    const outcome = await h.waitForViewContent(modal.id, (v) => {
      const text = textOf(v.view.blocks);
      return pattern.test(text) && !text.includes('consent');
    });
    expect(textOf(outcome.view.blocks)).not.toContain('sandbox-finance-key');
  });
});
