import { describe, expect, it } from 'vitest';
import { AdbStream } from '../../../src/main/virtual-phone/streams';

function recorder() {
  const sent: { kind: string; payload?: Buffer }[] = [];
  return {
    sent,
    sender: {
      write: (_l: number, _r: number, payload: Buffer) => void sent.push({ kind: 'WRTE', payload }),
      okay: () => void sent.push({ kind: 'OKAY' }),
      close: () => void sent.push({ kind: 'CLSE' }),
    },
  };
}

describe('adb stream flow control', () => {
  it('keeps one WRTE in flight, cuts payloads at maxdata, and sends the next only after OKAY', async () => {
    const r = recorder();
    const s = new AdbStream(1, 9, 10, r.sender);
    void s.write(Buffer.from('0123456789abcdef'));
    void s.write('XYZ');
    expect(r.sent.map((m) => m.kind), 'only one WRTE before the host acknowledges').toEqual(['WRTE']);
    expect(r.sent[0]!.payload!.toString(), 'first payload capped at maxdata').toBe('0123456789');
    s.handleOkay();
    expect(r.sent[1]!.payload!.toString(), 'queued bytes merge into the next WRTE').toBe('abcdefXYZ');
    s.end();
    expect(r.sent.length, 'CLSE waits for the last OKAY').toBe(2);
    s.handleOkay();
    expect(r.sent.map((m) => m.kind), 'then closes').toEqual(['WRTE', 'WRTE', 'CLSE']);
  });

  it('acknowledges a host WRTE only after the consumer has taken it (backpressure)', async () => {
    const r = recorder();
    const s = new AdbStream(1, 9, 1024, r.sender);
    let release!: () => void;
    s.onData(() => new Promise<void>((resolve) => (release = resolve)));
    s.handleWrite(Buffer.from('data'));
    expect(r.sent.length, 'no OKAY while the consumer is busy').toBe(0);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.sent.map((m) => m.kind), 'OKAY once consumed').toEqual(['OKAY']);
  });

  it('does not answer a host CLSE with another CLSE, and runs close handlers once', () => {
    const r = recorder();
    const s = new AdbStream(1, 9, 1024, r.sender);
    let closes = 0;
    s.onClose(() => closes++);
    s.handleClose();
    s.close();
    expect(r.sent.length, 'nothing sent back').toBe(0);
    expect(closes, 'close handler ran once').toBe(1);
  });
});
