import { stat } from 'node:fs/promises';
import { personaAbi } from '../arm64-profile';
import { cpuCount } from '../personas';
import type { Command, CommandContext } from './types';
import { fail, parseFlags } from './types';

export const trueCmd: Command = () => Promise.resolve(0);
export const falseCmd: Command = () => Promise.resolve(1);

function unescape(s: string): { text: string; stop: boolean } {
  let stop = false;
  const text = s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    if (e.startsWith('0')) return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\\': return '\\';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'e': return '\x1b';
      case 'c':
        stop = true;
        return '';
      default: return `\\${e}`;
    }
  });
  return { text, stop };
}

export const echo: Command = async (ctx) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    if (a.includes('n')) newline = false;
    if (a.includes('e')) escapes = true;
    if (a.includes('E')) escapes = false;
  }
  let text = ctx.args.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  await ctx.io.stdout.write(newline ? `${text}\n` : text);
  return 0;
};

export const sleep: Command = async (ctx) => {
  const seconds = ctx.args.reduce((n, a) => {
    const m = /^(\d*\.?\d+)([smhd]?)$/.exec(a);
    if (!m) return NaN;
    return n + Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
  }, 0);
  if (!Number.isFinite(seconds) || ctx.args.length === 0) return fail(ctx, 'bad argument');
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, seconds * 1000);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
  return 0;
};

export const id: Command = async (ctx) => {
  const { flags } = parseFlags(ctx.args);
  if (flags.has('u')) await ctx.io.stdout.write(flags.has('n') ? 'shell\n' : '2000\n');
  else if (flags.has('g')) await ctx.io.stdout.write(flags.has('n') ? 'shell\n' : '2000\n');
  else
    await ctx.io.stdout.write(
      'uid=2000(shell) gid=2000(shell) groups=2000(shell),1004(input),1007(log),1011(adb),1015(sdcard_rw),1028(sdcard_r),1078(ext_data_rw),1079(ext_obb_rw),3001(net_bt_admin),3002(net_bt),3003(inet),3006(net_bw_stats),3009(readproc),3011(uhid),3012(readtracefs) context=u:r:shell:s0\n',
    );
  return 0;
};

export const whoami: Command = async (ctx) => {
  await ctx.io.stdout.write('shell\n');
  return 0;
};

export const uname: Command = async (ctx) => {
  const { flags } = parseFlags(ctx.args);
  const p = ctx.phone.persona;
  const machine = personaAbi(p).machine;
  const fields: [string, string][] = [
    ['s', 'Linux'],
    ['n', 'localhost'],
    ['r', p.kernelRelease],
    ['v', '#1 SMP PREEMPT Mon Jan 6 00:00:00 UTC 2025'],
    ['m', machine],
    ['o', 'Toybox'],
  ];
  const wanted = flags.has('a') ? fields : fields.filter(([f]) => flags.has(f));
  await ctx.io.stdout.write(`${(wanted.length ? wanted : [fields[0]!]).map(([, v]) => v).join(' ')}\n`);
  return 0;
};

export const nproc: Command = async (ctx) => {
  await ctx.io.stdout.write(`${cpuCount(ctx.phone.persona)}\n`);
  return 0;
};

export const env: Command = async (ctx) => {
  await ctx.io.stdout.write([...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

export const date: Command = async (ctx) => {
  const fmt = ctx.args.find((a) => a.startsWith('+'));
  const now = new Date();
  if (fmt === '+%s') await ctx.io.stdout.write(`${Math.floor(now.getTime() / 1000)}\n`);
  else if (fmt === '+%s%N') await ctx.io.stdout.write(`${now.getTime()}000000\n`);
  else await ctx.io.stdout.write(`${now.toUTCString().replace('GMT', 'UTC')}\n`);
  return 0;
};

export const getprop: Command = async (ctx) => {
  const props = ctx.phone.props;
  const [key, fallback] = ctx.args;
  if (key !== undefined) {
    await ctx.io.stdout.write(`${props.get(key) ?? fallback ?? ''}\n`);
    return 0;
  }
  const keys = [...props.keys()].sort();
  await ctx.io.stdout.write(keys.map((k) => `[${k}]: [${props.get(k)}]\n`).join(''));
  return 0;
};

export const setprop: Command = async (ctx) => {
  const [key, value] = ctx.args;
  if (key === undefined || value === undefined) return fail(ctx, 'need 2 arguments');
  const props = ctx.phone.props;
  if (key.startsWith('ro.') && props.has(key)) {
    await ctx.io.stderr.write(`Failed to set property '${key}' to '${value}'.\nSee dmesg for error reason.\n`);
    return 1;
  }
  props.set(key, value);
  // What Macrobenchmark does on Pixels to measure on battery while plugged in.
  if (key === 'power.battery_input.suspended' && ctx.phone.persona.vendor === 'pixel') {
    ctx.phone.power.setInputSuspended(value === 'true' || value === '1');
  }
  return 0;
};

async function testFile(ctx: CommandContext, op: string, p: string): Promise<boolean> {
  try {
    const st = await stat(ctx.phone.fs.hostPath(p, ctx.cwd));
    switch (op) {
      case '-e': return true;
      case '-f': return st.isFile();
      case '-d': return st.isDirectory();
      case '-s': return st.size > 0;
      case '-x': return (st.mode & 0o111) !== 0;
      case '-r': return true;
      case '-w': return ownerOfWritable(ctx, p);
      default: return false;
    }
  } catch {
    return false;
  }
}

function ownerOfWritable(ctx: CommandContext, p: string): boolean {
  const dev = ctx.phone.fs.devicePath(p, ctx.cwd);
  return dev.startsWith('/data/local/tmp') || dev.startsWith('/sdcard');
}

async function evaluate(ctx: CommandContext, args: string[]): Promise<boolean | null> {
  if (args[0] === '!') {
    const r = await evaluate(ctx, args.slice(1));
    return r === null ? null : !r;
  }
  const [a, b, c] = args;
  if (args.length === 0) return false;
  if (args.length === 1) return a !== '';
  if (args.length === 2) {
    if (a === '-z') return b === '';
    if (a === '-n') return b !== '';
    if (/^-[efdsxrw]$/.test(a!)) return testFile(ctx, a!, b!);
    return null;
  }
  if (args.length === 3) {
    const x = Number(a);
    const y = Number(c);
    switch (b) {
      case '=':
      case '==': return a === c;
      case '!=': return a !== c;
      case '-eq': return x === y;
      case '-ne': return x !== y;
      case '-gt': return x > y;
      case '-ge': return x >= y;
      case '-lt': return x < y;
      case '-le': return x <= y;
    }
  }
  const and = args.indexOf('-a');
  if (and > 0) return (await evaluate(ctx, args.slice(0, and))) === true && (await evaluate(ctx, args.slice(and + 1))) === true;
  const or = args.indexOf('-o');
  if (or > 0) return (await evaluate(ctx, args.slice(0, or))) === true || (await evaluate(ctx, args.slice(or + 1))) === true;
  return null;
}

export const test: Command = async (ctx) => {
  let args = ctx.args;
  if (ctx.name === '[') {
    if (args[args.length - 1] !== ']') return fail(ctx, "missing ']'", 2);
    args = args.slice(0, -1);
  }
  const r = await evaluate(ctx, args);
  if (r === null) return fail(ctx, 'syntax error', 2);
  return r ? 0 : 1;
};
