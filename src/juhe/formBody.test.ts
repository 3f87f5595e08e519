import { describe, expect, it } from 'vitest';
import { financeFormBody, riskFormBody } from './formBody.js';

describe('form bodies', () => {
  it('encodes a risk query with Juhe paging defaults', () => {
    const body = new URLSearchParams(
      riskFormBody('k&1', { keyword: '江苏 公司', realname: '张德洲', type: 3 }),
    );
    expect(Object.fromEntries(body)).toEqual({
      key: 'k&1',
      keyword: '江苏 公司',
      realname: '张德洲',
      type: '3',
      pageIndex: '1',
      pageSize: '10',
    });
  });

  it('keeps explicit paging', () => {
    const body = new URLSearchParams(
      riskFormBody('k', { keyword: 'a', realname: 'b', type: 1, pageIndex: 4, pageSize: 20 }),
    );
    expect([body.get('pageIndex'), body.get('pageSize')]).toEqual(['4', '20']);
  });

  it('encodes a finance query', () => {
    const body = financeFormBody('key', {
      realname: '张三',
      idcard: '11010519491231002X',
      mobile: '13812345678',
    });
    expect(body).toBe('key=key&realname=%E5%BC%A0%E4%B8%89&idcard=11010519491231002X&mobile=13812345678');
  });
});
