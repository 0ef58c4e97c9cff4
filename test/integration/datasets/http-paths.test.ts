/**
 * Host paths over HTTP (`aurora-lab serve`, real server, real client, a virtual phone through the real adb server):
 * a data set only from `<home>/datasets/`, a capture only into `<home>/captures/`, no change of the adb executable;
 * parse errors of a file over HTTP quote nothing of it. The CLI (lab.api: its own arguments) may name any file
 * and gets a short excerpt.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLab, type LabServer } from '../../../src/main/server/serve';
import { createHttpClient, type LabApiError } from '../../../src/shared/http-client';
import type { LabClient } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/temp-dir';
import { labWith, startPhones, usePrivateAdbServer, type PhoneSet } from '../campaigns/helpers';

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let env: Awaited<ReturnType<typeof labWith>>;
let server: LabServer;
let client: LabClient & { close(): void };
const outside = tempDir('aurora-outside-');
const SECRET = 'SECRET-HOST-BYTES-7f3a';

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel']);
  env = await labWith(phones.phones);
  server = await serveLab({ handlers: env.lab.handlers, events: env.lab.events });
  client = createHttpClient({ baseUrl: server.origin, token: server.token }) as LabClient & { close(): void };
  // A host file the page must not read: not a prompt set, so a parser would echo it.
  writeFileSync(join(outside.path, 'secret.jsonl'), `${SECRET} ${'x'.repeat(100)}\n`);
  writeFileSync(join(outside.path, 'secret.csv'), `question,A,B,C,D,answer\n${SECRET},a,b,c,d,${SECRET}\n`);
}, 90_000);

afterAll(async () => {
  client?.close();
  await server?.close();
  await env?.close();
  await phones?.close();
  adbServer?.stop();
  outside.cleanup();
});

async function refused(p: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as LabApiError & { status: number; body: { code: string; message: string } };
    return { status: e.status, code: e.body?.code ?? 'failed', message: e.body?.message ?? e.message };
  }
  throw new Error('expected the request to be refused');
}

const start = (dataset: string) => client.campaigns.start({ devices: [phones.phones[0]!.address], models: ['gemma-270m'], dataset, n: 1, warmup: 0 });

describe('host paths over HTTP', () => {
  it('reads a data set only from the lab home datasets folder, and says so', async () => {
    const datasets = join(env.home, 'datasets');
    mkdirSync(datasets, { recursive: true });
    symlinkSync(join(outside.path, 'secret.jsonl'), join(datasets, 'link.jsonl'));
    for (const spec of [join(outside.path, 'secret.jsonl'), join(outside.path, 'secret.csv'), '../../../../../../../..' + join(outside.path, 'secret.jsonl'), 'link.jsonl', join(datasets, '..', 'lab.sqlite'), '/etc/passwd', '/no/such/file.jsonl']) {
      const r = await refused(start(spec));
      expect(r, spec).toMatchObject({ status: 400, code: 'bad-request' });
      expect(r.message, spec).toContain(`dataset: over HTTP (aurora-lab serve) the lab reads prompt sets only from its datasets folder ${datasets}/`);
      expect(r.message, spec).not.toContain(SECRET);
      expect(r.message, spec).not.toContain('root:');
    }
  }, 60_000);

  it('quotes nothing of a file in the datasets folder when it does not parse; names the file, line and field', async () => {
    const datasets = join(env.home, 'datasets');
    mkdirSync(datasets, { recursive: true });
    writeFileSync(join(datasets, 'bad.jsonl'), `{"question":"ok?","choices":["a","b","c","d"],"answer":"A"}\n${SECRET}\n`);
    writeFileSync(join(datasets, 'key.jsonl'), `{"question":"q","${SECRET}":1}\n`);
    writeFileSync(join(datasets, 'answer_test.csv'), `q1,a,b,c,d,${SECRET}\n`);
    const a = await refused(start('bad.jsonl'));
    expect(a.message).toMatch(/^dataset: .*datasets\/bad\.jsonl:2: not valid JSON\. Each line must be one JSON object\.$/);
    const b = await refused(start('key.jsonl'));
    expect(b.message).toMatch(/key\.jsonl:1: unknown key \(not shown\); allowed: id, prompt/);
    const c = await refused(start(join(datasets, 'answer_test.csv')));
    expect(c.message).toMatch(/answer_test\.csv:1: field "answer": unknown answer \(value not shown\) \(column 6\)/);
    for (const r of [a, b, c]) expect(r.message).not.toContain(SECRET.slice(0, 10));
    // The file the user gave the CLI is theirs: a short excerpt helps them fix it.
    const cli = await env.lab.api.campaigns.start({ devices: [phones.phones[0]!.address], models: ['gemma-270m'], dataset: join(outside.path, 'secret.csv'), n: 1 }).catch((e: Error) => e);
    expect((cli as Error).message).toMatch(new RegExp(`secret\\.csv:2: field "answer": unknown answer "${SECRET}"`));
  }, 60_000);

  it('captures only into the lab home captures folder', async () => {
    const serial = phones.phones[0]!.address;
    const r = await refused(client.devices.capture({ serial, outDir: join(outside.path, 'cap'), seconds: 1 }));
    expect(r).toMatchObject({ status: 400, code: 'bad-request', message: expect.stringContaining(`outDir: over HTTP (aurora-lab serve) captures go only into the lab's captures folder ${join(env.home, 'captures')}/`) });
    expect((await refused(client.devices.capture({ serial, outDir: '../../escape', seconds: 1 }))).code).toBe('bad-request');
    expect(existsSync(join(outside.path, 'cap'))).toBe(false);
    const ok = await client.devices.capture({ serial, outDir: 'pixel-bug', seconds: 1 });
    expect(ok.dir).toBe(join(env.home, 'captures', 'pixel-bug'));
  }, 60_000);

  it('does not let a request change the adb executable', async () => {
    const r = await refused(client.settings.set({ patch: { adbPath: join(outside.path, 'evil') } }));
    expect(r).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^adbPath: The adb executable is a program the lab runs, so it cannot be changed over HTTP/) });
    expect((await client.settings.set({ patch: { pollIntervalMs: 3000 } })).settings).toMatchObject({ adbPath: null, pollIntervalMs: 3000 });
    expect((await env.lab.api.settings.set({ patch: { adbPath: '/opt/adb' } })).settings.adbPath).toBe('/opt/adb');
  });
});
