import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relationField } from './riskRelation.js';

const relation = (description: string, fulfilment: string, type = '1') => ({ type, description, fulfilment });

describe('relationField', () => {
  it.each([
    [relation('失信信息', '全部未履行'), { kind: 'fulfilment', text: '全部未履行' }],
    [relation('被执行人信息', '执行标的：125000元', '2'), { kind: 'amount', yuan: 125000, remark: '' }],
    [
      relation('被执行人信息', '执行标的：950418538元（含迟延履行期间的债务利息）', '2'),
      { kind: 'amount', yuan: 950418538, remark: '（含迟延履行期间的债务利息）' },
    ],
    [relation('被执行人信息', '执行标的:12.5万元', '2'), { kind: 'amount', yuan: 125000, remark: '' }],
    [relation('被执行人信息', '执行标的：1,234.56元', '2'), { kind: 'amount', yuan: 1234.56, remark: '' }],
    [relation('限制高消费', '限制消费令', '3'), { kind: 'order', text: '限制消费令' }],
    [relation('被执行人信息', '执行中', '2'), { kind: 'other', text: '被执行人信息：执行中' }],
    [relation('终本案件', '未结', '9'), { kind: 'other', text: '终本案件：未结' }],
    [relation('', '某值'), { kind: 'other', text: '某值' }],
    [relation('失信信息', ''), { kind: 'other', text: '失信信息' }],
    [relation('', ''), null],
  ])('%j', (input, expected) => {
    expect(relationField(input)).toEqual(expected);
  });

  it('never throws and never loses what Juhe sent', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (description, fulfilment) => {
        const field = relationField(relation(description, fulfilment));
        if (field === null) return description.trim() === '' && fulfilment.trim() === '';
        if (field.kind === 'amount') return Number.isFinite(field.yuan) && field.yuan >= 0;
        return field.text.length > 0;
      }),
    );
  });
});
