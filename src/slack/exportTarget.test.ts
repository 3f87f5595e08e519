import { describe, expect, it } from 'vitest';
import { decodeExportTarget, encodeExportTarget } from './exportTarget.js';

describe('export target', () => {
  it('round-trips subject, scope, counts and where the files go', () => {
    const target = {
      keyword: '江苏',
      realname: '张德洲',
      scope: 'all' as const,
      counts: { '1': 31, '3': 0 },
      destination: { kind: 'thread' as const, channel: 'C0COMPLIANCE', threadTs: '1700000000.000100' },
    };
    expect(decodeExportTarget(encodeExportTarget(target))).toEqual(target);
    const dm = {
      keyword: '江苏',
      realname: '张德洲',
      scope: 2 as const,
      counts: {},
      destination: { kind: 'dm' as const },
    };
    expect(decodeExportTarget(encodeExportTarget(dm))).toEqual(dm);
    const bare = { keyword: '江苏', realname: '张德洲', scope: 1 as const, counts: { '1': 3 } };
    expect(decodeExportTarget(encodeExportTarget(bare))).toEqual(bare);
  });

  it('refuses what a typed command would refuse, and values it did not write', () => {
    expect(decodeExportTarget('{"v":1,"k":"11010519491231002X","n":"张德洲","s":1,"c":{}}')).toBeUndefined();
    expect(
      decodeExportTarget('{"v":1,"k":"江苏","n":"张德洲","s":1,"c":{},"d":{"c":"#x","t":"1"}}'),
    ).toBeUndefined();
    expect(decodeExportTarget('not json')).toBeUndefined();
    expect(decodeExportTarget(undefined)).toBeUndefined();
  });
});
