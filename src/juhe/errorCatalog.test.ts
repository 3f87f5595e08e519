import { describe, expect, it } from 'vitest';
import {
  describeJuheCode,
  JUHE_CODES,
  juheErrorFromCode,
  RETRYABLE_JUHE_CODES,
  transportError,
} from './errorCatalog.js';
import { JuheError } from './errorTypes.js';

// Every code of both vendor docs (docs/juhe/personRisk-query.txt, docs/juhe/financeInfo-query.txt) with the category
// docs/design.md § Juhe facts gives it.
const EXPECTED: [code: string, category: string, vendorReason: string][] = [
  ['10001', 'misconfigured', '错误的请求KEY'],
  ['10002', 'misconfigured', '该KEY无请求权限'],
  ['10003', 'misconfigured', 'KEY过期'],
  ['10004', 'misconfigured', '错误的OPENID'],
  ['10005', 'misconfigured', '应用未审核超时，请提交认证'],
  ['10007', 'misconfigured', '未知的请求源'],
  ['10008', 'misconfigured', '被禁止的IP'],
  ['10009', 'misconfigured', '被禁止的KEY'],
  ['10011', 'quota', '当前IP请求超过限制'],
  ['10012', 'quota', '请求超过次数限制'],
  ['10013', 'quota', '测试KEY超过请求限制'],
  [
    '10014',
    'upstream_unavailable',
    '系统内部异常(调用充值类业务时，请务必联系客服或通过订单查询接口检测订单，避免造成损失)',
  ],
  ['10020', 'upstream_unavailable', '接口维护'],
  ['10021', 'upstream_unavailable', '接口停用'],
  ['240101', 'network', '网络错误'],
  ['240102', 'not_found', '查无记录'],
  ['240103', 'input', '参数异常'],
  ['240104', 'upstream_unavailable', '查询失败'],
  ['281501', 'input', '身份证号格式错误'],
  ['281502', 'input', '姓名格式错误'],
  ['281503', 'input', '手机号格式错误'],
  ['281504', 'network', '网络异常'],
  ['281505', 'upstream_unavailable', '查询失败'],
];

describe('Juhe error catalog', () => {
  it.each(EXPECTED)('%s is %s, not billed, with the vendor reason', (code, category, vendorReason) => {
    const entry = describeJuheCode(code);
    expect(entry.code).toBe(code);
    expect(entry.category).toBe(category);
    expect(entry.billed).toBe(false);
    expect(entry.vendorReason).toBe(vendorReason);
    expect(entry.retryable).toBe(code === '240101' || code === '281504');
    expect(entry.message).toMatch(/^[\x20-\x7e]+$/);
  });

  it('lists exactly the documented codes', () => {
    expect([...JUHE_CODES].sort()).toEqual(EXPECTED.map(([code]) => code).sort());
    expect([...RETRYABLE_JUHE_CODES].sort()).toEqual(['240101', '281504']);
  });

  it('treats an undocumented numeric code as Juhe being unavailable and names the code', () => {
    const entry = describeJuheCode('999999');
    expect(entry).toMatchObject({ source: 'unknown', category: 'upstream_unavailable', retryable: false });
    expect(entry.message).toBe('Juhe returned an undocumented error_code 999999');
  });

  it('does not echo a non-numeric unknown code', () => {
    expect(describeJuheCode('13812345678x').message).toBe(
      'Juhe returned an undocumented error_code (not a number)',
    );
  });

  it('describes transport codes and HTTP statuses', () => {
    expect(describeJuheCode('TIMEOUT')).toMatchObject({ category: 'timeout', retryable: true });
    expect(describeJuheCode('NETWORK')).toMatchObject({ category: 'network', retryable: true });
    expect(describeJuheCode('INVALID_RESPONSE')).toMatchObject({
      category: 'upstream_invalid',
      retryable: false,
    });
    expect(describeJuheCode('ABORTED')).toMatchObject({ category: 'timeout', retryable: false });
    expect(describeJuheCode('NO_KEY')).toMatchObject({ category: 'misconfigured', retryable: false });
    expect(describeJuheCode('CLOSED')).toMatchObject({ category: 'network', retryable: false });
    expect(describeJuheCode('HTTP_502')).toMatchObject({
      category: 'upstream_unavailable',
      retryable: false,
      message: 'Juhe answered HTTP 502',
    });
  });
});

describe('juheErrorFromCode', () => {
  it("builds a typed, unbilled error with a safe message and the doc's reason for the code", () => {
    const error = juheErrorFromCode('finance', '281504');
    expect(error).toBeInstanceOf(JuheError);
    expect(error).toMatchObject({
      api: 'finance',
      code: '281504',
      category: 'network',
      retryable: true,
      billed: false,
      reason: '网络异常',
    });
    expect(error.message).toBe(
      'Juhe economic rating query failed: Juhe reported a network error (error_code 281504)',
    );
  });

  it('carries the doc reason for every documented code, and none for an undocumented one', () => {
    for (const [code, , vendorReason] of EXPECTED) {
      expect(juheErrorFromCode('risk', code).reason).toBe(vendorReason);
    }
    expect(juheErrorFromCode('risk', '10012').category).toBe('quota');
    expect(juheErrorFromCode('risk', '999999').reason).toBeUndefined();
  });

  it('lets transport errors override retryable and billed', () => {
    const error = transportError('risk', 'INVALID_RESPONSE', 'x', { billed: true });
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', billed: true, retryable: false });
    expect(error.message).toBe('Juhe personal risk query failed: x');
  });
});
