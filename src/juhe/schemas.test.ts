import { describe, expect, it } from 'vitest';
import { JuheError } from './errorTypes.js';
import {
  describeIssues,
  parseEnvelope,
  parseFinanceResult,
  parseRiskResult,
  riskResultSchema,
} from './schemas.js';

function thrown(run: () => unknown): JuheError {
  try {
    run();
  } catch (error) {
    if (error instanceof JuheError) return error;
    throw error;
  }
  throw new Error('expected a JuheError');
}

const RECORD = {
  CaseNo: '(2018)苏0581执5877号',
  Date: '2019-02-27',
  ExecuteGov: '常熟市人民法院',
  Id: '424e93b460795b5288de982bf37c34062',
  PersonName: '张德洲',
  Relation: [{ Type: '1', TypeDesc: '失信信息', Value: '全部未履行' }],
};

describe('parseEnvelope', () => {
  it('reads the vendor example', () => {
    expect(parseEnvelope('risk', { reason: '成功', result: { a: 1 }, error_code: 0 })).toEqual({
      reason: '成功',
      result: { a: 1 },
      error_code: 0,
      orderid: null,
    });
  });

  it('coerces a string error_code and ignores unknown fields', () => {
    expect(
      parseEnvelope('risk', { reason: '查无记录', result: null, error_code: '240102', extra: true }),
    ).toEqual({
      reason: '查无记录',
      result: null,
      error_code: 240102,
      orderid: null,
    });
    expect(parseEnvelope('risk', { error_code: ' 10012 ' }).error_code).toBe(10012);
  });

  it.each([null, '', 'oops', {}, [], 0])('accepts result %j on an error', (result) => {
    expect(parseEnvelope('finance', { reason: '网络异常', result, error_code: 281504 }).result).toEqual(
      result,
    );
  });

  it.each([[{}], [[]], [true], [Number.NaN]])(
    'reads an odd envelope orderid %j as null, still a success',
    (orderid) => {
      expect(parseEnvelope('risk', { reason: '成功', result: {}, error_code: 0, orderid })).toEqual({
        reason: '成功',
        result: {},
        error_code: 0,
        orderid: null,
      });
    },
  );

  it('keeps a numeric orderid as text', () => {
    expect(parseEnvelope('risk', { error_code: 0, orderid: 4011908 }).orderid).toBe('4011908');
  });

  it('tolerates a missing or non-string reason and an envelope-level orderid', () => {
    const envelope = parseEnvelope('risk', { reason: 42, error_code: 0, orderid: 'JH1' });
    expect(envelope.reason).toBeUndefined();
    expect(envelope.orderid).toBe('JH1');
  });

  it.each([
    [{ reason: 'x' }, 'response.error_code: expected a number or numeric string'],
    [{ error_code: 'abc' }, 'response.error_code: expected a number or numeric string'],
    [{ error_code: 1.5 }, 'response.error_code: expected a number or numeric string'],
    [[1, 2], 'response: expected object, received array'],
    ['text', 'response: expected object, received string'],
  ])('rejects %j naming what is wrong', (body, what) => {
    const error = thrown(() => parseEnvelope('risk', body));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', category: 'upstream_invalid', billed: false });
    expect(error.message).toBe(`Juhe personal risk query failed: unexpected response shape: ${what}`);
  });
});

describe('parseRiskResult', () => {
  it('maps the vendor example', () => {
    const result = parseRiskResult({
      pageSize: 10,
      pageIndex: 1,
      totalRecords: 31,
      data: [RECORD],
      orderid: 'JH4',
    });
    expect(result).toEqual({ pageSize: 10, pageIndex: 1, totalRecords: 31, data: [RECORD], orderid: 'JH4' });
  });

  it('accepts numbers as strings and strings as numbers', () => {
    const result = parseRiskResult({
      pageSize: '10',
      pageIndex: '2',
      totalRecords: '31',
      data: [
        {
          ...RECORD,
          Id: 12345,
          CaseNo: 7,
          Relation: [{ Type: 1, TypeDesc: '失信信息', Value: '全部未履行' }],
        },
      ],
    });
    expect(result.pageSize).toBe(10);
    expect(result.pageIndex).toBe(2);
    expect(result.totalRecords).toBe(31);
    expect(result.data[0]?.Id).toBe('12345');
    expect(result.data[0]?.CaseNo).toBe('7');
    expect(result.data[0]?.Relation[0]?.Type).toBe('1');
  });

  it('fills missing optional fields and drops unknown ones', () => {
    const result = parseRiskResult({ totalRecords: 1, data: [{ CaseNo: 'A', Extra: 'x', Date: null }] });
    expect(result).toEqual({
      pageSize: undefined,
      pageIndex: undefined,
      totalRecords: 1,
      orderid: null,
      data: [{ CaseNo: 'A', Date: '', ExecuteGov: '', Id: '', PersonName: '', Relation: [] }],
    });
  });

  it.each([null, '', '  '])('treats paging counts of %j as missing', (missing) => {
    const result = parseRiskResult({
      pageSize: missing,
      pageIndex: missing,
      totalRecords: missing,
      data: [RECORD],
    });
    expect(result).toEqual({
      pageSize: undefined,
      pageIndex: undefined,
      totalRecords: undefined,
      orderid: null,
      data: [{ ...RECORD }],
    });
  });

  it('accepts counts up to 15 digits and up to the largest safe integer', () => {
    expect(parseRiskResult({ totalRecords: '999999999999999', data: [] }).totalRecords).toBe(999999999999999);
    expect(parseRiskResult({ totalRecords: Number.MAX_SAFE_INTEGER, data: [] }).totalRecords).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('rejects a 400-digit count instead of reading it as Infinity', () => {
    const error = thrown(() => parseRiskResult({ totalRecords: '9'.repeat(400), data: [] }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', billed: true });
    expect(error.message).toBe(
      'Juhe personal risk query failed: unexpected response shape: result.totalRecords: expected a number or numeric string',
    );
  });

  it('reads an odd result orderid as null', () => {
    expect(parseRiskResult({ totalRecords: 0, orderid: { id: 1 } }).orderid).toBeNull();
    expect(
      parseFinanceResult({ orderid: ['JH1'], range: '16', history: '17', stability: '38' }).orderid,
    ).toBe(null);
  });

  it('accepts an empty page without data', () => {
    expect(parseRiskResult({ totalRecords: 0 }).data).toEqual([]);
    expect(parseRiskResult({ totalRecords: '0', data: null }).data).toEqual([]);
  });

  it('accepts a result serialized as a JSON string (the doc types result as string)', () => {
    expect(parseRiskResult(JSON.stringify({ totalRecords: 1, data: [RECORD] })).data).toHaveLength(1);
  });

  it.each([
    [null, 'result: expected object'],
    ['not json', 'result: expected object'],
    [{ totalRecords: 31 }, 'result.data: missing although totalRecords is 31'],
    [{ totalRecords: 1, data: 'x' }, 'result.data: expected array'],
    [{ totalRecords: 'many', data: [] }, 'result.totalRecords: expected a number or numeric string'],
    [{ totalRecords: -1, data: [] }, 'result.totalRecords: expected a number or numeric string'],
    [{ totalRecords: '9'.repeat(16), data: [] }, 'result.totalRecords: expected a number or numeric string'],
    [{ totalRecords: 2 ** 60, data: [] }, 'result.totalRecords: expected a number or numeric string'],
    [{ pageSize: '1e3', data: [] }, 'result.pageSize: expected a number or numeric string'],
    [
      { totalRecords: 4, data: [RECORD, RECORD, RECORD, { ...RECORD, CaseNo: { no: 1 } }] },
      'result.data[3].CaseNo: expected string',
    ],
    [{ totalRecords: 1, data: [{ ...RECORD, Relation: 'x' }] }, 'result.data[0].Relation: expected array'],
    [
      { totalRecords: 1, data: [{ ...RECORD, Relation: [{ Type: [], TypeDesc: 'a', Value: 'b' }] }] },
      'result.data[0].Relation[0].Type: expected string',
    ],
  ])('rejects %j naming the path', (result, what) => {
    const error = thrown(() => parseRiskResult(result));
    expect(error).toMatchObject({ api: 'risk', code: 'INVALID_RESPONSE', category: 'upstream_invalid' });
    // error_code 0 arrived, so Juhe charged even though the body is unusable
    expect(error.billed).toBe(true);
    expect(error.message).toBe(`Juhe personal risk query failed: unexpected response shape: ${what}`);
  });

  it('never puts the offending value into the message', () => {
    const error = thrown(() =>
      parseRiskResult({ totalRecords: 1, data: [{ CaseNo: { secret: '13812345678' } }] }),
    );
    expect(error.message).not.toContain('13812345678');
  });
});

describe('parseFinanceResult', () => {
  it('reads the vendor example', () => {
    expect(
      parseFinanceResult({ orderid: 'JH815250606144507MmTeM', range: '16', history: '17', stability: '38' }),
    ).toEqual({ orderid: 'JH815250606144507MmTeM', range: '16', history: '17', stability: '38' });
  });

  it('keeps scores raw, numbers or strings, for the rating decoder', () => {
    expect(parseFinanceResult({ range: 16, history: 'abc', stability: '' })).toEqual({
      orderid: null,
      range: 16,
      history: 'abc',
      stability: '',
    });
  });

  it.each([
    [
      { range: null, history: '17', stability: '38' },
      { range: null, history: '17', stability: '38' },
    ],
    [{}, { range: undefined, history: undefined, stability: undefined }],
  ])('accepts missing or null scores in %j, leaving them to the decoder', (result, scores) => {
    expect(parseFinanceResult(result)).toEqual({ orderid: null, ...scores });
  });

  it.each([
    [null, 'result: expected object'],
    [{ range: '16', history: {}, stability: '38' }, 'result.history: expected string or number'],
    [
      { range: [], history: [], stability: '1' },
      'result.range: expected string or number; result.history: expected string or number',
    ],
  ])('rejects %j naming the path', (result, what) => {
    const error = thrown(() => parseFinanceResult(result));
    expect(error).toMatchObject({
      api: 'finance',
      code: 'INVALID_RESPONSE',
      category: 'upstream_invalid',
      billed: true,
    });
    expect(error.message).toBe(`Juhe economic rating query failed: unexpected response shape: ${what}`);
  });
});

describe('describeIssues', () => {
  it('caps the list', () => {
    const parsed = riskResultSchema.safeParse({
      totalRecords: 1,
      data: [{ CaseNo: [] }, { CaseNo: [] }, { CaseNo: [] }, { CaseNo: [] }, { CaseNo: [] }],
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(describeIssues('result', parsed.error.issues)).toBe(
      'result.data[0].CaseNo: expected string; result.data[1].CaseNo: expected string; ' +
        'result.data[2].CaseNo: expected string (and 2 more)',
    );
  });
});
