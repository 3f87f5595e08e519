import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from './idcard.js';
import { findSubjectInText } from './subjectInText.js';

describe('findSubjectInText', () => {
  it.each([
    [
      'Please check 北京朝阳科技有限公司 李娜 before we sign',
      { keyword: '北京朝阳科技有限公司', realname: '李娜' },
    ],
    ['请帮忙核查 上海某某集团 的 张三丰', { keyword: '上海某某集团', realname: '张三丰' }],
    [
      '新客户：深圳前海微众银行股份有限公司，法人 顾敏，身份证 11010519491231002X，电话 13812345678',
      { keyword: '深圳前海微众银行股份有限公司', realname: '顾敏' },
    ],
    ['统一社会信用代码 91350100M000100Y43 负责人 王芳', { keyword: '91350100M000100Y43', realname: '王芳' }],
    [
      '对方是 北京金杜律师事务所，联系人 阿依古丽·买买提',
      { keyword: '北京金杜律师事务所', realname: '阿依古丽·买买提' },
    ],
    ['Call 13812345678 about 张德洲', { realname: '张德洲' }],
    ['nothing to see', {}],
    ['公司 李娜', { realname: '李娜' }],
    // Chinese written without spaces: the request before the company is not part of its name
    ['签约前请核查一下北京朝阳科技有限公司 李娜', { keyword: '北京朝阳科技有限公司', realname: '李娜' }],
    ['麻烦查询上海某某集团，法人 张三丰', { keyword: '上海某某集团', realname: '张三丰' }],
    ['关于杭州阿里巴巴网络技术有限公司', { keyword: '杭州阿里巴巴网络技术有限公司' }],
  ])('%s', (text, expected) => {
    expect(findSubjectInText(text)).toEqual(expected);
  });

  it('never proposes a 身份证 or a mobile, whatever surrounds them', () => {
    const idCard = fc
      .tuple(fc.stringMatching(/^[1-6]\d{5}19[5-9]\d(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/))
      .map(([first17]) => first17 + idCardCheckChar(first17));
    const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);
    const filler = fc.constantFrom('', ' ', '，', '请核查 ', 'Please check ', ' 谢谢');
    fc.assert(
      fc.property(fc.array(fc.oneof(idCard, mobile, filler), { maxLength: 8 }), (parts) => {
        const text = parts.join(' ');
        const found = findSubjectInText(text);
        for (const value of [found.keyword, found.realname]) {
          if (value !== undefined) expect(value).not.toMatch(/\d{11}/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
