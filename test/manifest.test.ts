import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AppServices } from '../src/slack/appServices.js';
import { CALLBACK_IDS, COMMANDS, EVENT_TYPES } from '../src/slack/ids.js';
import { registerListeners } from '../src/slack/registerListeners.js';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));
const schema = JSON.parse(
  readFileSync(new URL('./fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'),
);

/** Records what registerListeners wires, without a real Bolt App. */
function listenerRegistry() {
  const seen = {
    commands: [] as string[],
    views: [] as string[],
    shortcuts: [] as string[],
    actions: [] as unknown[],
    events: [] as string[],
  };
  const app = {
    event: (type: string) => seen.events.push(type),
    command: (name: string) => seen.commands.push(name),
    view: (id: string) => seen.views.push(id),
    shortcut: (id: string) => seen.shortcuts.push(id),
    action: (id: unknown) => seen.actions.push(id),
  };
  registerListeners(app as never, {} as AppServices);
  return seen;
}

describe('manifest.yml', () => {
  it('is valid against Slack’s app manifest schema (v1)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares both commands, the shortcut, interactivity, Socket Mode and least-privilege scopes', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    const commands = manifest.features.slash_commands;
    expect(commands.map((c: { command: string }) => c.command)).toEqual([COMMANDS.risk, COMMANDS.finance]);
    for (const command of commands) expect(command.description.length).toBeGreaterThan(10);
    for (const command of commands) expect(command.usage_hint, command.command).toBeTruthy();
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: CALLBACK_IDS.riskCheckMessage }),
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    // files:write and im:write for the auditors' export and a batch's results in the person's own DM;
    // files:read for the file a batch is uploaded in (file_input); no users:read (see parseAuditCommand)
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'im:write',
    ]);
  });

  it('every command and callback in it has a listener', () => {
    const seen = listenerRegistry();
    for (const { command } of manifest.features.slash_commands) expect(seen.commands).toContain(command);
    for (const { callback_id } of manifest.features.shortcuts) expect(seen.shortcuts).toContain(callback_id);
    expect(seen.views.sort()).toEqual(
      [
        CALLBACK_IDS.financeQuery,
        CALLBACK_IDS.riskQuery,
        CALLBACK_IDS.riskWatch,
        CALLBACK_IDS.riskBatch,
      ].sort(),
    );
    // every event subscribed to has a listener, and every listened event is subscribed to
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(seen.events.sort());
    expect(seen.events).toEqual([EVENT_TYPES.appHomeOpened]);
  });
});
