import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../src/slack/ids.js';

/**
 * docs/design.md is the design kept in the repo, and docs/juhe/ holds the vendor docs it relies on. Code
 * cites them, never a file outside the repo, and the design names every Slack id and environment variable
 * the code uses.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DESIGN_PATH = join(ROOT, 'docs', 'design.md');
const VENDOR_DOCS = ['personRisk-query.txt', 'financeInfo-query.txt'];

/** Folders whose files may cite documents; test/fixtures holds third-party files kept as published. */
const SCANNED = ['src', 'test', 'bench'];
const SKIPPED = [join('test', 'fixtures')];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'artifacts']);

// Built from pieces so that this file does not match itself.
const OLD_DESIGN_FILE = ['DESIGN', 'md'].join('.');
const OUTSIDE_REFERENCES: Array<{ what: string; pattern: RegExp }> = [
  { what: `the old ${OLD_DESIGN_FILE}`, pattern: new RegExp(OLD_DESIGN_FILE.replace('.', '\\.')) },
  // a folder named `shared` outside the repo, as in a relative or absolute path; not one under src or test, and
  // not an identifier ending in shared (is_org_shared)
  { what: 'a shared folder outside the repo', pattern: /(?<![\w-]|src\/|test\/)shared\// },
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    if (SKIPPED_DIRS.has(name) || SKIPPED.some((skip) => rel === skip || rel.startsWith(`${skip}/`)))
      continue;
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** The design's Contract section, where every name tools rely on is listed. */
function contractSection(): string {
  const design = readFileSync(DESIGN_PATH, 'utf8');
  const start = design.indexOf('\n## Contract\n');
  expect(start, 'docs/design.md has a "## Contract" section').toBeGreaterThanOrEqual(0);
  const end = design.indexOf('\n## ', start + 1);
  return design.slice(start, end < 0 ? undefined : end);
}

/** `name` written as code (in backticks) in the text: prose words like "type" or "consent" do not count. */
function mentions(text: string, name: string): boolean {
  return text.includes(`\`${name}\``);
}

/**
 * The environment variables src/config/config.ts reads: the keys of its zod env schema and every name it
 * looks up directly, from the source; plus every name loadConfig actually reads, by running it against a
 * recording environment for each connection mode.
 */
function configEnvNames(): string[] {
  const source = readFileSync(join(ROOT, 'src', 'config', 'config.ts'), 'utf8');
  const names = new Set<string>();
  const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source);
  expect(schema, 'the env schema of src/config/config.ts').not.toBeNull();
  for (const match of (schema?.[1] ?? '').matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)) names.add(match[1] ?? '');
  const lookups =
    /\b(?:env\.([A-Z][A-Z0-9_]*)|env\[['"]([A-Z][A-Z0-9_]*)['"]\]|isSet\(['"]([A-Z][A-Z0-9_]*)['"]\))/g;
  for (const match of source.matchAll(lookups)) names.add(match[1] ?? match[2] ?? match[3] ?? '');

  const environments: NodeJS.ProcessEnv[] = [
    {},
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' },
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test' },
  ];
  for (const values of environments) {
    const recording = new Proxy(values, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^[A-Z][A-Z0-9_]*$/.test(property)) names.add(property);
        return Reflect.get(target, property, receiver);
      },
    });
    loadConfig(recording);
  }
  names.delete('');
  return [...names].sort();
}

describe('docs', () => {
  it('no file under src/, test/ or bench/ cites a document outside the repo', () => {
    const offences: string[] = [];
    for (const top of SCANNED) {
      for (const file of filesUnder(join(ROOT, top))) {
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, index) => {
          for (const { what, pattern } of OUTSIDE_REFERENCES) {
            if (pattern.test(line)) offences.push(`${relative(ROOT, file)}:${index + 1} cites ${what}`);
          }
        });
      }
    }
    expect(offences).toEqual([]);
  });

  it('docs/design.md exists', () => {
    expect(existsSync(DESIGN_PATH)).toBe(true);
  });

  it('docs/design.md § Contract lists every action_id, callback_id and block_id of src/slack/ids.ts', () => {
    const design = contractSection();
    // risk_show_type is a prefix: the buttons are risk_show_type_1/2/3, and the design names those
    const missing = [
      ...Object.values(ACTION_IDS),
      ...Object.values(CALLBACK_IDS),
      ...Object.values(BLOCK_IDS),
    ]
      .filter((id) => !mentions(design, id) && ![1, 2, 3].every((type) => mentions(design, `${id}_${type}`)))
      .sort();
    expect(missing).toEqual([]);
  });

  it('docs/design.md § Contract lists every environment variable src/config/config.ts reads', () => {
    const names = configEnvNames();
    expect(names).toContain('SLACK_BOT_TOKEN');
    expect(names).toContain('JUHE_TIMEOUT_MS');
    const design = contractSection();
    expect(names.filter((name) => !mentions(design, name))).toEqual([]);
  });

  it('docs/juhe/ holds both vendor docs', () => {
    for (const name of VENDOR_DOCS) {
      const path = join(ROOT, 'docs', 'juhe', name);
      expect(existsSync(path), path).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain('错误码参照');
    }
    const design = readFileSync(DESIGN_PATH, 'utf8');
    for (const name of VENDOR_DOCS) expect(design).toContain(`docs/juhe/${name}`);
  });
});
