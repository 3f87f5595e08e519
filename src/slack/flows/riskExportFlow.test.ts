import { describe, expect, it } from 'vitest';
import type { ExportTarget } from '../exportTarget.js';
import { type ExportClick, exportRequestFrom } from './riskExportFlow.js';

const services = { complianceChannels: new Set(['C0COMPLIANCE']) };
const RESPONSE_URL = 'https://hooks.slack.com/actions/T0/1/abc';
const scope = (responseUrl?: string) => ({
  audience: { userId: 'U0ANALYST', channelId: 'C0COMPLIANCE', ...(responseUrl ? { responseUrl } : {}) },
});
const SUBJECT: ExportTarget = { keyword: '江苏', realname: '张德洲', scope: 1, counts: { '1': 31 } };
const CONFIRMATION = {
  exportId: '0b6c1d1e-0000-4000-8000-000000000001',
  billedCalls: 3,
  issuedAt: new Date('2025-06-06T06:45:30.000Z'),
};

function click(overrides: Partial<ExportClick>): ExportClick {
  return {
    action: 'export',
    target: SUBJECT,
    container: { channelId: 'C0COMPLIANCE', messageTs: '1700000000.000200', isEphemeral: false },
    ...overrides,
  };
}

describe('exportRequestFrom: where the files go and what is replaced, decided by the flow', () => {
  it('a result in a compliance thread: its thread; nothing replaced (the result stays)', () => {
    const request = exportRequestFrom(
      services,
      scope(RESPONSE_URL),
      click({ container: { ...click({}).container, threadTs: '1700000000.000100' } }),
    );
    expect(request).toEqual({
      target: {
        ...SUBJECT,
        destination: { kind: 'thread', channel: 'C0COMPLIANCE', threadTs: '1700000000.000100' },
      },
    });
  });

  it('a private result, or one outside a compliance channel: the DM', () => {
    const ephemeral = click({
      container: { channelId: 'C0COMPLIANCE', messageTs: '1.2', isEphemeral: true },
    });
    expect(exportRequestFrom(services, scope(RESPONSE_URL), ephemeral).target.destination).toEqual({
      kind: 'dm',
    });
    const general = click({ container: { channelId: 'C0GENERAL', messageTs: '1.2', isEphemeral: false } });
    expect(exportRequestFrom(services, scope(), general).target.destination).toEqual({ kind: 'dm' });
  });

  it('a confirmation: the place it carries (held to today’s compliance channels), replaced in place, what it confirmed', () => {
    const carried = {
      ...SUBJECT,
      destination: { kind: 'thread' as const, channel: 'C0COMPLIANCE', threadTs: '1700000000.000100' },
      confirmation: CONFIRMATION,
    };
    const confirmed = click({
      action: 'confirm',
      target: carried,
      container: { channelId: 'C0COMPLIANCE', messageTs: '9.9', isEphemeral: true },
    });
    expect(exportRequestFrom(services, scope(RESPONSE_URL), confirmed)).toEqual({
      target: { ...SUBJECT, destination: carried.destination },
      inPlaceOf: RESPONSE_URL,
      confirmation: CONFIRMATION,
    });
    const noLonger = exportRequestFrom({ complianceChannels: new Set() }, scope(RESPONSE_URL), confirmed);
    expect(noLonger.target.destination).toEqual({ kind: 'dm' });
  });

  it('what a confirmation confirmed counts only on its Export, never on Try again', () => {
    const retried = click({
      action: 'export',
      target: { ...SUBJECT, destination: { kind: 'dm' }, confirmation: CONFIRMATION },
    });
    const request = exportRequestFrom(services, scope(RESPONSE_URL), retried);
    expect(request.confirmation).toBeUndefined();
    expect(request.target).not.toHaveProperty('confirmation');
    expect(request.inPlaceOf).toBe(RESPONSE_URL);
  });
});
