import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../domain/idcard.js';
import type { RiskPage, RiskRecord } from '../juhe/types.js';
import { maskRiskPage } from './recordMasking.js';

const ID_CARD = '320106198506151231';
const MOBILE = '13912345678';

function pageOf(records: RiskRecord[]): RiskPage {
  return {
    type: 1,
    pageIndex: 1,
    pageSize: 10,
    totalRecords: records.length,
    totalPages: 1,
    records,
    orderId: 'JH4011908021558278080790',
    billed: true,
    noRecords: false,
  };
}

describe('maskRiskPage', () => {
  it('masks a 身份证 or mobile in every string field of every record, and nothing else', () => {
    const published = new Date(2022, 7, 15);
    const page = pageOf([
      {
        caseNo: `(2021)苏0106执988号（申请人电话 ${MOBILE}）`,
        publishedDate: published,
        court: `南京市鼓楼区人民法院 ${ID_CARD}`,
        id: `id-${MOBILE}`,
        personName: `孙丽华（身份证号：${ID_CARD}）`,
        relations: [
          {
            type: `1 ${MOBILE}`,
            description: `失信信息 ${ID_CARD}`,
            fulfilment: `全部未履行（联系电话：${MOBILE}）`,
          },
          { type: '1', description: '失信信息', fulfilment: '关联企业统一社会信用代码91350100M000100Y43' },
        ],
      },
    ]);
    expect(maskRiskPage(page)).toEqual({
      ...page,
      records: [
        {
          caseNo: '(2021)苏0106执988号（申请人电话 139****5678）',
          publishedDate: published,
          court: '南京市鼓楼区人民法院 320106********1231',
          id: 'id-139****5678',
          personName: '孙丽华（身份证号：320106********1231）',
          relations: [
            {
              type: '1 139****5678',
              description: '失信信息 320106********1231',
              fulfilment: '全部未履行（联系电话：139****5678）',
            },
            { type: '1', description: '失信信息', fulfilment: '关联企业统一社会信用代码91350100M000100Y43' },
          ],
        },
      ],
    });
  });

  it('leaves an empty page as it was', () => {
    const empty = { ...pageOf([]), noRecords: true, billed: false };
    expect(maskRiskPage(empty)).toEqual(empty);
  });

  it('no field of a masked record holds the 身份证 or mobile that was in it', () => {
    const idCard = fc
      .tuple(
        fc.integer({ min: 110000, max: 659999 }),
        fc.integer({ min: 1930, max: 2010 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([region, year, sequence]) => {
        const first17 = `${region}${year}0615${String(sequence).padStart(3, '0')}`;
        return first17 + idCardCheckChar(first17);
      });
    const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);
    const around = fc.string({ unit: fc.constantFrom(...'孙丽华法院执号（）：， '), maxLength: 10 });
    const field = fc
      .tuple(around, fc.oneof(idCard, mobile), around)
      .map(([before, personal, after]) => ({ text: `${before}${personal}${after}`, personal }));
    fc.assert(
      fc.property(fc.array(field, { minLength: 6, maxLength: 6 }), (fields) => {
        const [caseNo, court, id, personName, description, fulfilment] = fields.map((f) => f.text);
        const masked = maskRiskPage(
          pageOf([
            {
              caseNo: caseNo ?? '',
              publishedDate: null,
              court: court ?? '',
              id: id ?? '',
              personName: personName ?? '',
              relations: [{ type: '1', description: description ?? '', fulfilment: fulfilment ?? '' }],
            },
          ]),
        );
        const text = JSON.stringify(masked.records);
        for (const { personal } of fields) expect(text).not.toContain(personal);
      }),
      { numRuns: 200 },
    );
  });
});
