import { describe, expect, it } from 'vitest';
import { riskQueryFromMessage } from './riskQueryFromMessage.js';

describe('riskQueryFromMessage', () => {
  it.each([
    ['江苏 赵敏 限消', { keyword: '江苏', realname: '赵敏', scope: 3 }],
    [
      'can you run /risk 江苏德洲实业有限公司 张德洲 1 for me?',
      { keyword: '江苏德洲实业有限公司', realname: '张德洲', scope: 1 },
    ],
    ['/risk "Acme Ltd" "John Smith" 2', { keyword: 'Acme Ltd', realname: 'John Smith', scope: 2 }],
    [
      'Please check 北京朝阳科技有限公司 李娜 before we sign',
      { keyword: '北京朝阳科技有限公司', realname: '李娜' },
    ],
    ['Call 13812345678 about 张德洲', { realname: '张德洲' }],
  ])('%s', (text, expected) => {
    expect(riskQueryFromMessage(text)).toEqual(expected);
  });

  it('prefills nothing from a 身份证 or a mobile, even in a quoted command', () => {
    expect(riskQueryFromMessage('/risk 11010519491231002X 张德洲')).toEqual({ realname: '张德洲' });
    expect(riskQueryFromMessage('13812345678')).toEqual({});
  });
});
