import type { PhoneContext } from './commands/types';
import { ShellSession } from './shell-interpreter';
import type { OutStream, ShellIO } from './shell-io';
import { Pipe } from './shell-io';
import type { AdbStream } from './streams';

/** Shell protocol v2 packet ids (AOSP shell_protocol.h). */
export const SHELL_ID = { stdin: 0, stdout: 1, stderr: 2, exit: 3, closeStdin: 4, windowSize: 5 } as const;

/** Keeps each v2 packet well inside what any adb client buffers at once. */
const MAX_SHELL_PACKET_DATA = 32 * 1024;

export interface ShellRequest {
  protocol: 'v2' | 'raw';
  pty: boolean;
  command: string;
}

/** `shell,v2,TERM=xterm,raw:cmd`, `shell:cmd`, `exec:cmd` -> what to run and how to frame it. */
export function parseShellService(service: string): ShellRequest | null {
  if (service.startsWith('exec:')) return { protocol: 'raw', pty: false, command: service.slice(5) };
  const m = /^shell((?:,[^:]*)?):([\s\S]*)$/.exec(service);
  if (!m) return null;
  const args = m[1]!.split(',').filter(Boolean);
  const v2 = args.includes('v2');
  // Without an explicit type, adbd uses a pty for interactive sessions and raw for commands.
  const pty = args.includes('pty') || (!args.includes('raw') && m[2] === '');
  return { protocol: v2 ? 'v2' : 'raw', pty, command: m[2]! };
}

export function encodeShellPacket(id: number, data: Buffer): Buffer {
  const header = Buffer.allocUnsafe(5);
  header.writeUInt8(id, 0);
  header.writeUInt32LE(data.length, 1);
  return Buffer.concat([header, data]);
}

/** Incremental v2 packet parser. */
export class ShellPacketDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { id: number; data: Buffer }[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: { id: number; data: Buffer }[] = [];
    while (this.buf.length >= 5) {
      const len = this.buf.readUInt32LE(1);
      if (this.buf.length < 5 + len) break;
      out.push({ id: this.buf[0]!, data: this.buf.subarray(5, 5 + len) });
      this.buf = this.buf.subarray(5 + len);
    }
    return out;
  }
}

function packetSink(stream: AdbStream, id: number): OutStream {
  return {
    async write(data) {
      let buf = typeof data === 'string' ? Buffer.from(data) : data;
      while (buf.length > 0) {
        const part = buf.subarray(0, MAX_SHELL_PACKET_DATA);
        buf = buf.subarray(part.length);
        await stream.write(encodeShellPacket(id, part));
      }
    },
  };
}

function rawSink(stream: AdbStream, translateNewlines: boolean): OutStream {
  return {
    write(data) {
      let buf = typeof data === 'string' ? Buffer.from(data) : data;
      // A pty turns "\n" into "\r\n"; clients of the old raw shell expect that.
      if (translateNewlines) buf = Buffer.from(buf.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      return stream.write(buf);
    },
  };
}

/**
 * Runs one shell service on a stream. With v2, stdout/stderr/exit travel as packets and stdin arrives as
 * packets (close-stdin = EOF). Raw and exec carry bytes only. Closing the stream aborts what is running.
 */
export function startShellService(stream: AdbStream, phone: PhoneContext, req: ShellRequest): void {
  const abort = new AbortController();
  stream.onClose(() => abort.abort());
  const stdin = new Pipe();
  let io: ShellIO;
  if (req.protocol === 'v2') {
    const decoder = new ShellPacketDecoder();
    stream.onData(async (chunk) => {
      for (const p of decoder.push(chunk)) {
        if (p.id === SHELL_ID.stdin) await stdin.write(Buffer.from(p.data));
        else if (p.id === SHELL_ID.closeStdin) stdin.end();
        // window-size changes mean nothing without a terminal.
      }
    });
    io = { stdin, stdout: packetSink(stream, SHELL_ID.stdout), stderr: packetSink(stream, SHELL_ID.stderr) };
  } else {
    stream.onData((chunk) => stdin.write(Buffer.from(chunk)));
    const sink = rawSink(stream, req.pty);
    io = { stdin, stdout: sink, stderr: sink };
  }
  stream.onClose(() => stdin.end());

  const session = new ShellSession(phone);
  const finish = async (code: number) => {
    if (req.protocol === 'v2') await stream.write(encodeShellPacket(SHELL_ID.exit, Buffer.from([code & 0xff])));
    stream.end();
  };
  const run = req.command.trim() === '' ? interactive(session, io, req.pty, phone, abort.signal) : session.run(req.command, io, abort.signal);
  run.then(finish, async (e: unknown) => {
    await io.stderr.write(`/system/bin/sh: internal error: ${(e as Error).message}\n`).catch(() => {});
    await finish(1);
  });
}

/** `adb shell` with no command: a line-at-a-time shell until stdin ends or `exit`. */
async function interactive(session: ShellSession, io: ShellIO, pty: boolean, phone: PhoneContext, signal: AbortSignal): Promise<number> {
  const prompt = () => (pty ? io.stdout.write(`${phone.persona.device}:${session.cwd} $ `) : Promise.resolve());
  let pending = '';
  await prompt();
  for (;;) {
    const chunk = await io.stdin.read();
    if (chunk === null || signal.aborted) return session.lastStatus;
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.search(/\r?\n|\r/)) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + (pending[nl] === '\r' && pending[nl + 1] === '\n' ? 2 : 1));
      if (pty) await io.stdout.write(`${line}\n`);
      if (/^\s*exit(\s+\d+)?\s*$/.test(line)) return session.run(line, io, signal);
      await session.run(line, io, signal);
      await prompt();
    }
  }
}
