import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RiskRecord } from '../juhe/types.js';
import type { RiskType } from './riskType.js';
import {
  compareSnapshots,
  hasChanges,
  recordFieldChanges,
  recordKey,
  snapshotCounts,
  type WatchChanges,
  type WatchSnapshot,
} from './watchChanges.js';

/*
 * The sandbox fixture 刘卫东 (src/local/sandbox/fixtures/risk.ts), as the client hands its records on:
 * generation 0 has 失信 W1 (全部未履行) and W2, 被执行 W3 of 125000元 and no 限制消费; generation 1 has W1
 * 部分履行, W2 gone, W4 new and W3 down to 98000元; generation 2 adds the 限制消费 record W5.
 */
const IDS = {
  W1: 'a419b19e3a7054c95a638dadf1151caf2',
  W2: '121108ef83fc969e899fdeeedd3795772',
  W3: '51a8d946da750e15a66e96df6101c5602',
  W4: '641655944047e02fed9ba68dd316db522',
  W5: 'a7da4f9419f9bdb67448b8a96ca899532',
} as const;
const COURT = '深圳市南山区人民法院';
const CATEGORY = { 1: '失信信息', 2: '被执行人信息', 3: '限制高消费' } as const;

function record(
  id: string,
  type: RiskType,
  caseNo: string,
  published: Date | null,
  value: string,
  overrides: Partial<RiskRecord> = {},
): RiskRecord {
  return {
    caseNo,
    publishedDate: published,
    court: COURT,
    id,
    personName: '刘卫东',
    relations: [{ type: String(type), description: CATEGORY[type], fulfilment: value }],
    ...overrides,
  };
}

const W1_CASE = '(2023)粤0305执4512号';
const W3_CASE = '(2024)粤0305执1876号';
const W1_0 = record(IDS.W1, 1, W1_CASE, new Date(2023, 8, 14), '全部未履行');
const W1_1 = record(IDS.W1, 1, W1_CASE, new Date(2023, 8, 14), '部分履行');
const W2 = record(IDS.W2, 1, '(2022)粤0305执7730号', new Date(2023, 2, 22), '全部未履行');
const W3_0 = record(IDS.W3, 2, W3_CASE, new Date(2024, 1, 27), '执行标的：125000元');
const W3_1 = record(IDS.W3, 2, W3_CASE, new Date(2024, 1, 27), '执行标的：98000元');
const W4 = record(IDS.W4, 1, '(2024)粤0305执3069号', new Date(2024, 5, 18), '全部未履行');
const W5 = record(IDS.W5, 3, '(2024)粤0305执2290号', new Date(2024, 4, 30), '限制消费令');

const GENERATION_0: WatchSnapshot = {
  sources: [
    { type: 1, records: [W1_0, W2] },
    { type: 2, records: [W3_0] },
    { type: 3, records: [] },
  ],
};
const GENERATION_1: WatchSnapshot = {
  sources: [
    { type: 1, records: [W4, W1_1] },
    { type: 2, records: [W3_1] },
    { type: 3, records: [] },
  ],
};
const GENERATION_2: WatchSnapshot = {
  sources: [
    { type: 1, records: [W4, W1_1] },
    { type: 2, records: [W3_1] },
    { type: 3, records: [W5] },
  ],
};

const NONE: WatchChanges = { added: [], removed: [], changed: [] };

describe('recordKey', () => {
  it("is Juhe's record id", () => {
    expect(recordKey(W1_0)).toBe('id:a419b19e3a7054c95a638dadf1151caf2');
  });

  it('trims the id', () => {
    expect(recordKey({ ...W1_0, id: `  ${IDS.W1}\t` })).toBe('id:a419b19e3a7054c95a638dadf1151caf2');
  });

  it.each([[''], ['   ']])('without an id (%j) is the case number and court, trimmed', (id) => {
    expect(recordKey({ ...W1_0, id, caseNo: ` ${W1_CASE} `, court: `${COURT} ` })).toBe(
      'case:(2023)粤0305执4512号|深圳市南山区人民法院',
    );
  });

  it('an id never reads as a case key, whatever it contains', () => {
    const forged = { ...W1_0, id: `case:${W1_CASE}|${COURT}` };
    expect(recordKey(forged)).not.toBe(recordKey({ ...W1_0, id: '' }));
  });
});

describe('recordFieldChanges', () => {
  it('finds nothing between a record and itself, or a copy of it', () => {
    expect(recordFieldChanges(W1_0, W1_0)).toEqual([]);
    expect(recordFieldChanges(W1_0, structuredClone(W1_0))).toEqual([]);
  });

  it('the case number', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, caseNo: '(2023)粤0305执恢4512号' })).toEqual([
      { field: 'caseNo', from: '(2023)粤0305执4512号', to: '(2023)粤0305执恢4512号' },
    ]);
  });

  it('the court', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, court: '深圳市中级人民法院' })).toEqual([
      { field: 'court', from: '深圳市南山区人民法院', to: '深圳市中级人民法院' },
    ]);
  });

  it('the person', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, personName: '刘卫栋' })).toEqual([
      { field: 'person', from: '刘卫东', to: '刘卫栋' },
    ]);
  });

  it('the published date, as yyyy-MM-dd', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, publishedDate: new Date(2023, 8, 15) })).toEqual([
      { field: 'published', from: '2023-09-14', to: '2023-09-15' },
    ]);
  });

  it('a published date that appears or goes is from / to null', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, publishedDate: null })).toEqual([
      { field: 'published', from: '2023-09-14', to: null },
    ]);
    expect(recordFieldChanges({ ...W1_0, publishedDate: null }, W1_0)).toEqual([
      { field: 'published', from: null, to: '2023-09-14' },
    ]);
  });

  it('two Dates of the same day are the same date', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, publishedDate: new Date(2023, 8, 14, 12, 30) })).toEqual([]);
  });

  it('spaces around a value are no change; a value that goes blank is to null, one that appears from null', () => {
    expect(recordFieldChanges(W1_0, { ...W1_0, caseNo: ` ${W1_CASE}  `, court: `\t${COURT}` })).toEqual([]);
    expect(recordFieldChanges(W1_0, { ...W1_0, court: '  ' })).toEqual([
      { field: 'court', from: '深圳市南山区人民法院', to: null },
    ]);
    expect(recordFieldChanges({ ...W1_0, personName: '' }, W1_0)).toEqual([
      { field: 'person', from: null, to: '刘卫东' },
    ]);
  });

  it('全部未履行 → 部分履行 is one fulfilment change, not a removal and an addition', () => {
    expect(recordFieldChanges(W1_0, W1_1)).toEqual([
      {
        field: 'relation',
        kind: 'fulfilment',
        from: { kind: 'fulfilment', text: '全部未履行' },
        to: { kind: 'fulfilment', text: '部分履行' },
      },
    ]);
  });

  it('the amount enforced (执行标的), in 元', () => {
    expect(recordFieldChanges(W3_0, W3_1)).toEqual([
      {
        field: 'relation',
        kind: 'amount',
        from: { kind: 'amount', yuan: 125000, remark: '' },
        to: { kind: 'amount', yuan: 98000, remark: '' },
      },
    ]);
  });

  it('the same amount written another way is no change; a new remark is', () => {
    const inWan = record(IDS.W3, 2, W3_CASE, new Date(2024, 1, 27), '执行标的:12.5万元');
    expect(recordFieldChanges(W3_0, inWan)).toEqual([]);
    const remarked = record(IDS.W3, 2, W3_CASE, new Date(2024, 1, 27), '执行标的：125000元（含利息）');
    expect(recordFieldChanges(W3_0, remarked)).toEqual([
      {
        field: 'relation',
        kind: 'amount',
        from: { kind: 'amount', yuan: 125000, remark: '' },
        to: { kind: 'amount', yuan: 125000, remark: '（含利息）' },
      },
    ]);
  });

  it('the order of a 限制消费 record', () => {
    expect(
      recordFieldChanges(W5, record(IDS.W5, 3, W5.caseNo, W5.publishedDate, '限制消费令（已解除）')),
    ).toEqual([
      {
        field: 'relation',
        kind: 'order',
        from: { kind: 'order', text: '限制消费令' },
        to: { kind: 'order', text: '限制消费令（已解除）' },
      },
    ]);
  });

  it('a relation the app cannot name, kept with its category', () => {
    const before = { ...W1_0, relations: [{ type: '9', description: '终本案件', fulfilment: '未结' }] };
    const after = { ...W1_0, relations: [{ type: '9', description: '终本案件', fulfilment: '已结' }] };
    expect(recordFieldChanges(before, after)).toEqual([
      {
        field: 'relation',
        kind: 'other',
        from: { kind: 'other', text: '终本案件：未结' },
        to: { kind: 'other', text: '终本案件：已结' },
      },
    ]);
  });

  it('a relation that appears is from null; one that goes is to null', () => {
    const bare = { ...W1_0, relations: [] };
    expect(recordFieldChanges(bare, W1_0)).toEqual([
      { field: 'relation', kind: 'fulfilment', from: null, to: { kind: 'fulfilment', text: '全部未履行' } },
    ]);
    expect(recordFieldChanges(W1_0, bare)).toEqual([
      { field: 'relation', kind: 'fulfilment', from: { kind: 'fulfilment', text: '全部未履行' }, to: null },
    ]);
  });

  it('an empty relation (nothing in it) is no field at all', () => {
    const withEmpty = {
      ...W1_0,
      relations: [...W1_0.relations, { type: '', description: ' ', fulfilment: '' }],
    };
    expect(recordFieldChanges(W1_0, withEmpty)).toEqual([]);
  });

  it('a repeated relation, or relations in another order, are no change', () => {
    const both = {
      ...W3_0,
      relations: [
        { type: '2', description: '被执行人信息', fulfilment: '执行标的：125000元' },
        { type: '2', description: '被执行人信息', fulfilment: '执行中' },
      ],
    };
    const reordered = { ...both, relations: [...both.relations].reverse() };
    const repeated = { ...both, relations: [...both.relations, ...both.relations] };
    expect(recordFieldChanges(both, reordered)).toEqual([]);
    expect(recordFieldChanges(both, repeated)).toEqual([]);
  });

  it('several of a kind are paired in order; the unpaired rest are from / to null', () => {
    const before = {
      ...W1_0,
      relations: [
        { type: '1', description: '失信信息', fulfilment: '全部未履行' },
        { type: '1', description: '失信信息', fulfilment: '有履行能力而拒不履行' },
      ],
    };
    const after = { ...W1_0, relations: [{ type: '1', description: '失信信息', fulfilment: '部分履行' }] };
    expect(recordFieldChanges(before, after)).toEqual([
      {
        field: 'relation',
        kind: 'fulfilment',
        from: { kind: 'fulfilment', text: '全部未履行' },
        to: { kind: 'fulfilment', text: '部分履行' },
      },
      {
        field: 'relation',
        kind: 'fulfilment',
        from: { kind: 'fulfilment', text: '有履行能力而拒不履行' },
        to: null,
      },
    ]);
  });

  it('a value under another kind is one going and one coming, fulfilment before amount', () => {
    const asAmount = {
      ...W1_0,
      relations: [{ type: '2', description: '被执行人信息', fulfilment: '执行标的：5000元' }],
    };
    expect(recordFieldChanges(W1_0, asAmount)).toEqual([
      { field: 'relation', kind: 'fulfilment', from: { kind: 'fulfilment', text: '全部未履行' }, to: null },
      { field: 'relation', kind: 'amount', from: null, to: { kind: 'amount', yuan: 5000, remark: '' } },
    ]);
  });

  it('every changed field at once, in a fixed order: case, court, person, published, relations', () => {
    const after: RiskRecord = {
      ...W3_0,
      caseNo: '(2024)粤0305执恢1876号',
      court: '深圳市中级人民法院',
      personName: '刘卫栋',
      publishedDate: new Date(2024, 2, 1),
      relations: [
        { type: '2', description: '被执行人信息', fulfilment: '执行标的：98000元' },
        { type: '3', description: '限制高消费', fulfilment: '限制消费令' },
      ],
    };
    expect(recordFieldChanges(W3_0, after)).toEqual([
      { field: 'caseNo', from: '(2024)粤0305执1876号', to: '(2024)粤0305执恢1876号' },
      { field: 'court', from: '深圳市南山区人民法院', to: '深圳市中级人民法院' },
      { field: 'person', from: '刘卫东', to: '刘卫栋' },
      { field: 'published', from: '2024-02-27', to: '2024-03-01' },
      {
        field: 'relation',
        kind: 'amount',
        from: { kind: 'amount', yuan: 125000, remark: '' },
        to: { kind: 'amount', yuan: 98000, remark: '' },
      },
      { field: 'relation', kind: 'order', from: null, to: { kind: 'order', text: '限制消费令' } },
    ]);
  });
});

describe('compareSnapshots', () => {
  it('generation 0 → 1: W4 new, W2 removed, W1 and W3 changed, each under its source', () => {
    expect(compareSnapshots(GENERATION_0, GENERATION_1)).toEqual({
      added: [{ type: 1, record: W4 }],
      removed: [{ type: 1, record: W2 }],
      changed: [
        {
          type: 1,
          before: W1_0,
          after: W1_1,
          fields: [
            {
              field: 'relation',
              kind: 'fulfilment',
              from: { kind: 'fulfilment', text: '全部未履行' },
              to: { kind: 'fulfilment', text: '部分履行' },
            },
          ],
        },
        {
          type: 2,
          before: W3_0,
          after: W3_1,
          fields: [
            {
              field: 'relation',
              kind: 'amount',
              from: { kind: 'amount', yuan: 125000, remark: '' },
              to: { kind: 'amount', yuan: 98000, remark: '' },
            },
          ],
        },
      ],
    });
  });

  it('generation 1 → 2: only the new 限制消费 record W5', () => {
    expect(compareSnapshots(GENERATION_1, GENERATION_2)).toEqual({
      added: [{ type: 3, record: W5 }],
      removed: [],
      changed: [],
    });
  });

  it('the same records in another order are no change', () => {
    const reordered: WatchSnapshot = {
      sources: [
        { type: 1, records: [W2, W1_0] },
        { type: 2, records: [W3_0] },
        { type: 3, records: [] },
      ],
    };
    expect(compareSnapshots(GENERATION_0, reordered)).toEqual(NONE);
  });

  it('sources in another order are compared source by source', () => {
    const shuffled: WatchSnapshot = { sources: [...GENERATION_1.sources].reverse() };
    const changes = compareSnapshots(GENERATION_0, shuffled);
    expect(changes.added).toEqual([{ type: 1, record: W4 }]);
    expect(changes.removed).toEqual([{ type: 1, record: W2 }]);
    // in the order of the later snapshot's sources
    expect(changes.changed.map((change) => [change.type, change.after.id])).toEqual([
      [2, IDS.W3],
      [1, IDS.W1],
    ]);
  });

  it('a source not watched before (the watch widened) is not compared: its records are not new', () => {
    const before: WatchSnapshot = { sources: [{ type: 1, records: [W1_0, W2] }] };
    expect(compareSnapshots(before, GENERATION_2)).toEqual({
      added: [{ type: 1, record: W4 }],
      removed: [{ type: 1, record: W2 }],
      changed: [expect.objectContaining({ type: 1, after: W1_1 })],
    });
  });

  it('a source no longer watched is not compared: its records are not removed', () => {
    const after: WatchSnapshot = { sources: [{ type: 3, records: [W5] }] };
    expect(compareSnapshots(GENERATION_0, after)).toEqual({
      added: [{ type: 3, record: W5 }],
      removed: [],
      changed: [],
    });
  });

  it('a record is matched by its id within its source: the same id under another source is not the same record', () => {
    const moved: WatchSnapshot = {
      sources: [
        { type: 1, records: [W2] },
        { type: 2, records: [W3_0, { ...W1_0 }] },
      ],
    };
    const before: WatchSnapshot = {
      sources: [
        { type: 1, records: [W1_0, W2] },
        { type: 2, records: [W3_0] },
      ],
    };
    expect(compareSnapshots(before, moved)).toEqual({
      added: [{ type: 2, record: W1_0 }],
      removed: [{ type: 1, record: W1_0 }],
      changed: [],
    });
  });

  it('a record whose case number changed keeps its id, so it is changed, not removed and added', () => {
    const renumbered = { ...W2, caseNo: '(2022)粤0305执恢7730号' };
    const changes = compareSnapshots(
      { sources: [{ type: 1, records: [W2] }] },
      { sources: [{ type: 1, records: [renumbered] }] },
    );
    expect(changes).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          type: 1,
          before: W2,
          after: renumbered,
          fields: [{ field: 'caseNo', from: '(2022)粤0305执7730号', to: '(2022)粤0305执恢7730号' }],
        },
      ],
    });
  });

  describe('records without an id (Juhe sent none), keyed by case number and court', () => {
    const noId = { ...W1_0, id: '' };

    it('the same case at the same court is the same record: a changed fulfilment is a change', () => {
      const later = { ...W1_1, id: '' };
      expect(
        compareSnapshots(
          { sources: [{ type: 1, records: [noId] }] },
          { sources: [{ type: 1, records: [later] }] },
        ),
      ).toEqual({
        added: [],
        removed: [],
        changed: [
          {
            type: 1,
            before: noId,
            after: later,
            fields: [
              {
                field: 'relation',
                kind: 'fulfilment',
                from: { kind: 'fulfilment', text: '全部未履行' },
                to: { kind: 'fulfilment', text: '部分履行' },
              },
            ],
          },
        ],
      });
    });

    it('the same case number at another court is another record', () => {
      const elsewhere = { ...noId, court: '深圳市中级人民法院' };
      expect(
        compareSnapshots(
          { sources: [{ type: 1, records: [noId] }] },
          { sources: [{ type: 1, records: [elsewhere] }] },
        ),
      ).toEqual({
        added: [{ type: 1, record: elsewhere }],
        removed: [{ type: 1, record: noId }],
        changed: [],
      });
    });

    it('spaces around the case number or court do not make it another record', () => {
      const padded = { ...noId, caseNo: ` ${W1_CASE} `, court: ` ${COURT}` };
      expect(
        compareSnapshots(
          { sources: [{ type: 1, records: [noId] }] },
          { sources: [{ type: 1, records: [padded] }] },
        ),
      ).toEqual(NONE);
    });
  });

  it('an empty source on both sides, and empty snapshots, are no change', () => {
    expect(
      compareSnapshots({ sources: [{ type: 3, records: [] }] }, { sources: [{ type: 3, records: [] }] }),
    ).toEqual(NONE);
    expect(compareSnapshots({ sources: [] }, { sources: [] })).toEqual(NONE);
    expect(compareSnapshots({ sources: [] }, GENERATION_2)).toEqual(NONE);
    expect(compareSnapshots(GENERATION_2, { sources: [] })).toEqual(NONE);
  });

  it('a source emptied: every record removed; a source filled: every record new', () => {
    const empty: WatchSnapshot = { sources: [{ type: 1, records: [] }] };
    const full: WatchSnapshot = { sources: [{ type: 1, records: [W1_0, W2] }] };
    expect(compareSnapshots(full, empty)).toEqual({
      added: [],
      removed: [
        { type: 1, record: W1_0 },
        { type: 1, record: W2 },
      ],
      changed: [],
    });
    expect(compareSnapshots(empty, full)).toEqual({
      added: [
        { type: 1, record: W1_0 },
        { type: 1, record: W2 },
      ],
      removed: [],
      changed: [],
    });
  });
});

describe('hasChanges', () => {
  it('is false for no change and true for any one kind of change', () => {
    expect(hasChanges(NONE)).toBe(false);
    expect(hasChanges({ ...NONE, added: [{ type: 1, record: W4 }] })).toBe(true);
    expect(hasChanges({ ...NONE, removed: [{ type: 1, record: W2 }] })).toBe(true);
    expect(hasChanges({ ...NONE, changed: [{ type: 1, before: W1_0, after: W1_1, fields: [] }] })).toBe(true);
  });

  it('agrees with the fixture generations', () => {
    expect(hasChanges(compareSnapshots(GENERATION_0, GENERATION_0))).toBe(false);
    expect(hasChanges(compareSnapshots(GENERATION_0, GENERATION_1))).toBe(true);
    expect(hasChanges(compareSnapshots(GENERATION_1, GENERATION_2))).toBe(true);
  });
});

describe('snapshotCounts', () => {
  it('records per watched source, keyed by the type as a string', () => {
    expect(snapshotCounts(GENERATION_0)).toEqual({ '1': 2, '2': 1, '3': 0 });
    expect(snapshotCounts(GENERATION_2)).toEqual({ '1': 2, '2': 1, '3': 1 });
  });

  it('only the watched sources; none for an empty snapshot', () => {
    expect(snapshotCounts({ sources: [{ type: 2, records: [W3_0] }] })).toEqual({ '2': 1 });
    expect(snapshotCounts({ sources: [] })).toEqual({});
  });
});

describe('compareSnapshots properties', () => {
  const riskType = fc.constantFrom<RiskType>(1, 2, 3);
  // small pools so that generated records share ids, cases and courts, and changes are likely
  const id = fc.oneof(
    fc.constantFrom('', ...Object.values(IDS)),
    fc.stringMatching(/^[0-9a-f]{32}2$/),
    fc.string({ maxLength: 6 }),
  );
  const caseNo = fc.oneof(
    fc.constantFrom(W1_CASE, W3_CASE, '(2022)粤0305执7730号', ' (2023)粤0305执4512号 ', ''),
    fc.string({ maxLength: 12 }),
  );
  const court = fc.oneof(fc.constantFrom(COURT, '深圳市中级人民法院', ''), fc.string({ maxLength: 8 }));
  const description = fc.oneof(
    fc.constantFrom('失信信息', '被执行人信息', '限制高消费', '终本案件', ''),
    fc.string({ maxLength: 6 }),
  );
  const fulfilment = fc.oneof(
    fc.constantFrom(
      '全部未履行',
      '部分履行',
      '执行标的：125000元',
      '执行标的：98000元',
      '执行标的:12.5万元',
      '限制消费令',
      '',
    ),
    fc.string({ maxLength: 10 }),
  );
  const day = fc.date({ min: new Date(1990, 0, 1), max: new Date(2035, 11, 31), noInvalidDate: true });
  const riskRecord: fc.Arbitrary<RiskRecord> = fc.record({
    caseNo,
    publishedDate: fc.option(day, { nil: null }),
    court,
    id,
    personName: fc.constantFrom('刘卫东', '刘卫栋', '', ' 刘卫东 '),
    relations: fc.array(fc.record({ type: fc.constantFrom('1', '2', '3'), description, fulfilment }), {
      maxLength: 3,
    }),
  });
  /** records with distinct keys, as one source of one check holds them */
  const records = fc.uniqueArray(riskRecord, { selector: recordKey, maxLength: 8 });
  const snapshot: fc.Arbitrary<WatchSnapshot> = fc
    .uniqueArray(riskType, { minLength: 0, maxLength: 3 })
    .chain((types) => fc.tuple(...types.map(() => records)).map((lists) => ({ types, lists })))
    .map(({ types, lists }) => ({
      sources: types.map((type, index) => ({ type, records: lists[index] ?? [] })),
    }));

  /** A later snapshot made from an earlier one: records kept, edited, dropped and added, sources too. */
  const editedRecord = (base: RiskRecord): fc.Arbitrary<RiskRecord> =>
    fc.oneof(
      fc.constant(base),
      fc.constant(structuredClone(base)),
      riskRecord.map((other) => ({ ...other, id: base.id, caseNo: base.caseNo, court: base.court })),
      fulfilment.map((value) => ({
        ...base,
        relations: [{ type: '1', description: '失信信息', fulfilment: value }],
      })),
    );
  const laterSnapshot = (before: WatchSnapshot): fc.Arbitrary<WatchSnapshot> =>
    fc
      .tuple(
        ...before.sources.map(({ records: kept }) =>
          fc.tuple(
            fc.subarray(kept).chain((subset) => fc.tuple(...subset.map(editedRecord))),
            records,
          ),
        ),
        fc.uniqueArray(riskType, { maxLength: 3 }),
        fc.boolean(),
      )
      .map((parts) => {
        const widenWith = parts[parts.length - 2] as RiskType[];
        const dropFirst = parts[parts.length - 1] as boolean;
        const edited = parts.slice(0, -2) as Array<[RiskRecord[], RiskRecord[]]>;
        const sources = before.sources.map(({ type }, index) => {
          const [kept, extra] = edited[index] ?? [[], []];
          const keys = new Set(kept.map(recordKey));
          return { type, records: [...kept, ...extra.filter((r) => !keys.has(recordKey(r)))] };
        });
        for (const type of widenWith) {
          if (!sources.some((source) => source.type === type)) sources.push({ type, records: [] });
        }
        return { sources: dropFirst ? sources.slice(1) : sources };
      });
  const pair = snapshot.chain((before) => laterSnapshot(before).map((after) => ({ before, after })));
  const anyPair = fc.oneof(pair, fc.record({ before: snapshot, after: snapshot }));

  const keyed = (entries: Array<{ type: RiskType; record: RiskRecord }>) =>
    entries.map(({ type, record: r }) => `${type}/${recordKey(r)}`).sort();

  it('comparing a snapshot with itself (or a copy) finds nothing', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        expect(compareSnapshots(s, s)).toEqual(NONE);
        expect(compareSnapshots(s, structuredClone(s))).toEqual(NONE);
        expect(hasChanges(compareSnapshots(s, s))).toBe(false);
      }),
    );
  });

  it('with the arguments swapped, added and removed swap and every change runs backwards', () => {
    fc.assert(
      fc.property(anyPair, ({ before, after }) => {
        const forward = compareSnapshots(before, after);
        const backward = compareSnapshots(after, before);
        expect(keyed(backward.removed)).toEqual(keyed(forward.added));
        expect(keyed(backward.added)).toEqual(keyed(forward.removed));
        const reversed = (changes: WatchChanges) =>
          changes.changed
            .map((change) => ({
              key: `${change.type}/${recordKey(change.after)}`,
              before: change.after,
              after: change.before,
              fields: change.fields.map((field) => ({ ...field, from: field.to, to: field.from })),
            }))
            .sort((a, b) => a.key.localeCompare(b.key));
        const asIs = (changes: WatchChanges) =>
          changes.changed
            .map((change) => ({
              key: `${change.type}/${recordKey(change.before)}`,
              before: change.before,
              after: change.after,
              fields: change.fields,
            }))
            .sort((a, b) => a.key.localeCompare(b.key));
        expect(asIs(backward)).toEqual(reversed(forward));
        expect(hasChanges(backward)).toBe(hasChanges(forward));
      }),
    );
  });

  it('every record of `after` in a compared source is exactly one of unchanged, added or changed', () => {
    fc.assert(
      fc.property(anyPair, ({ before, after }) => {
        const changes = compareSnapshots(before, after);
        let accounted = 0;
        for (const { type, records: now } of after.sources) {
          const previous = before.sources.find((source) => source.type === type);
          for (const r of now) {
            const added = changes.added.filter((entry) => entry.type === type && entry.record === r).length;
            const changed = changes.changed.filter(
              (entry) => entry.type === type && entry.after === r,
            ).length;
            const was = previous?.records.find((old) => recordKey(old) === recordKey(r));
            const unchanged = was !== undefined && recordFieldChanges(was, r).length === 0 ? 1 : 0;
            if (previous === undefined) {
              // an unwatched source is not compared: none of its records is anything
              expect(added + changed + unchanged).toBe(0);
              continue;
            }
            expect(added + changed + unchanged).toBe(1);
            accounted += added + changed;
          }
        }
        // and nothing else is added or changed
        expect(changes.added.length + changes.changed.length).toBe(accounted);
        // removed: exactly the earlier records whose key is gone from a compared source
        const gone = before.sources.flatMap(({ type, records: old }) => {
          const now = after.sources.find((source) => source.type === type);
          if (now === undefined) return [];
          const keys = new Set(now.records.map(recordKey));
          return old.filter((r) => !keys.has(recordKey(r))).map((r) => ({ type, record: r }));
        });
        expect(keyed(changes.removed)).toEqual(keyed(gone));
        // a change always names at least one field
        for (const change of changes.changed) expect(change.fields.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('compareSnapshots of a source read only in part', () => {
  it('names only changes to records seen both times, never records beyond the pages read', () => {
    const seen = {
      id: 'a',
      caseNo: '(2020)1号',
      publishedDate: null,
      court: '法院',
      personName: '张*洲',
      relations: [],
    };
    const moved = { ...seen, id: 'b', caseNo: '(2020)2号' };
    const appeared = { ...seen, id: 'c', caseNo: '(2020)3号' };
    const before = { sources: [{ type: 2 as const, records: [seen, moved], complete: false }] };
    const after = {
      sources: [{ type: 2 as const, records: [{ ...seen, court: '新法院' }, appeared], complete: false }],
    };
    expect(compareSnapshots(before, after)).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          type: 2,
          before: seen,
          after: { ...seen, court: '新法院' },
          fields: [{ field: 'court', from: '法院', to: '新法院' }],
        },
      ],
    });
  });
});
