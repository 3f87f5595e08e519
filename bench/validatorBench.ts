import { validateIdCard } from '../src/domain/idcard.js';
import { validateMobile } from '../src/domain/mobile.js';
import { validatePersonName } from '../src/domain/personName.js';
import { benchSync } from './measure.js';
import type { BenchSection } from './table.js';

interface ValidatorCase {
  name: string;
  run: () => { ok: boolean };
  expectOk: boolean;
}

const CASES: ValidatorCase[] = [
  {
    name: 'validateIdCard, valid 11010519491231002X',
    run: () => validateIdCard('11010519491231002X'),
    expectOk: true,
  },
  { name: 'validateIdCard, bad checksum', run: () => validateIdCard('110105194912310021'), expectOk: false },
  {
    name: 'validateIdCard, full-width with spaces',
    run: () => validateIdCard('１１０１０５ １９４９１２３１ ００２Ｘ'),
    expectOk: true,
  },
  { name: 'validateMobile, 13812345678', run: () => validateMobile('13812345678'), expectOk: true },
  {
    name: 'validateMobile, +86 138-1234-5678',
    run: () => validateMobile('+86 138-1234-5678'),
    expectOk: true,
  },
  { name: 'validatePersonName, 张德洲', run: () => validatePersonName('张德洲'), expectOk: true },
  {
    name: 'validatePersonName, 阿依古丽·买买提',
    run: () => validatePersonName('阿依古丽·买买提'),
    expectOk: true,
  },
];

export function benchValidators(iterations = 500_000): BenchSection {
  const rows = CASES.map((c) => {
    // A case that does not take the path it names would measure something else.
    if (c.run().ok !== c.expectOk) throw new Error(`${c.name}: expected ok=${c.expectOk}`);
    return benchSync({ name: c.name, warmup: 50_000, iterations, batch: 1000 }, c.run);
  });
  return {
    title: 'Validators',
    rows,
    footnote: 'Timed in batches of 1,000 calls; percentiles are over batch means.',
  };
}
