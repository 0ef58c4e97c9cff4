import { readFile, stat } from 'node:fs/promises';
import { readAll } from '../shell-io';
import type { Command, CommandContext } from './types';
import { errnoMessage, fail, parseFlags } from './types';

/** Reads the named files (or stdin for none / `-`); a missing file is reported and skipped. */
async function inputs(ctx: CommandContext, files: string[]): Promise<{ name: string; data: Buffer }[] | number> {
  const out: { name: string; data: Buffer }[] = [];
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      out.push({ name: f, data: await readAll(ctx.io.stdin) });
      continue;
    }
    try {
      const host = ctx.phone.fs.hostPath(f, ctx.cwd);
      if ((await stat(host)).isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
      out.push({ name: f, data: await readFile(host) });
    } catch (e) {
      await fail(ctx, `${f}: ${errnoMessage(e)}`);
      return 1;
    }
  }
  return out;
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** `-n 5`, `-5`, `-n5`. */
function countArg(ctx: CommandContext): { n: number; bytes: number | null; rest: string[] } {
  const args = [...ctx.args];
  if (args[0] && /^-\d+$/.test(args[0])) return { n: Number(args.shift()!.slice(1)), bytes: null, rest: args };
  const { values, operands } = parseFlags(args, ['n', 'c']);
  const c = values.get('c');
  return { n: Number(values.get('n') ?? 10), bytes: c !== undefined ? Number(c) : null, rest: operands };
}

export const head: Command = async (ctx) => {
  const { n, bytes, rest } = countArg(ctx);
  const ins = await inputs(ctx, rest);
  if (typeof ins === 'number') return ins;
  for (const { data } of ins) {
    if (bytes !== null) await ctx.io.stdout.write(data.subarray(0, bytes));
    else {
      const l = lines(data.toString('utf8')).slice(0, n);
      await ctx.io.stdout.write(l.map((x) => `${x}\n`).join(''));
    }
  }
  return 0;
};

export const tail: Command = async (ctx) => {
  const { n, bytes, rest } = countArg(ctx);
  const ins = await inputs(ctx, rest);
  if (typeof ins === 'number') return ins;
  for (const { data } of ins) {
    if (bytes !== null) await ctx.io.stdout.write(data.subarray(Math.max(0, data.length - bytes)));
    else {
      const l = lines(data.toString('utf8'));
      await ctx.io.stdout.write(l.slice(Math.max(0, l.length - n)).map((x) => `${x}\n`).join(''));
    }
  }
  return 0;
};

export const wc: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args);
  const ins = await inputs(ctx, operands);
  if (typeof ins === 'number') return ins;
  const pick = flags.size ? ['l', 'w', 'c'].filter((f) => flags.has(f)) : ['l', 'w', 'c'];
  for (const { name, data } of ins) {
    const text = data.toString('utf8');
    const counts: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: data.length,
    };
    const cols = pick.map((f) => String(counts[f]));
    await ctx.io.stdout.write(`${cols.join(' ')}${name === '-' ? '' : ` ${name}`}\n`);
  }
  return 0;
};

export const grep: Command = async (ctx) => {
  const { flags, values, operands } = parseFlags(ctx.args, ['e']);
  const pattern = values.get('e') ?? operands.shift();
  if (pattern === undefined) return fail(ctx, 'no pattern', 2);
  const source = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : flags.has('E') ? pattern : basicToExtended(pattern);
  let re: RegExp;
  try {
    re = new RegExp(source, flags.has('i') ? 'i' : '');
  } catch {
    return fail(ctx, `bad regex '${pattern}'`, 2);
  }
  const ins = await inputs(ctx, operands);
  if (typeof ins === 'number') return 2;
  let matched = 0;
  let out = '';
  for (const { name, data } of ins) {
    for (const line of lines(data.toString('utf8'))) {
      const hit = flags.has('w') ? new RegExp(`\\b(?:${source})\\b`, re.flags).test(line) : re.test(line);
      if (hit === flags.has('v')) continue;
      matched++;
      if (!flags.has('c') && !flags.has('q')) out += `${ins.length > 1 ? `${name}:` : ''}${line}\n`;
    }
  }
  if (flags.has('c')) out = `${matched}\n`;
  if (!flags.has('q')) await ctx.io.stdout.write(out);
  return matched > 0 ? 0 : 1;
};

/** Basic regular expressions: `\|`, `\(`, `\)`, `\{`, `\}`, `\+`, `\?` are the operators; bare ones are literal. */
function basicToExtended(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i]!;
      out += '|(){}+?'.includes(n) ? n : `\\${n}`;
    } else out += '|(){}+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

export const printf: Command = async (ctx) => {
  const [format, ...args] = ctx.args;
  if (format === undefined) return fail(ctx, 'needs 1 argument');
  let i = 0;
  let out = '';
  do {
    out += format
      .replace(/\\(n|t|r|\\|0[0-7]{0,3})/g, (_, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e, 8))))
      .replace(/%(-?\d*)(?:\.(\d+))?([sdifxXob%])/g, (_, width: string, prec: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const a = args[i++] ?? '';
        let s: string;
        switch (conv) {
          case 'd':
          case 'i': s = String(Math.trunc(Number(a) || 0)); break;
          case 'f': s = (Number(a) || 0).toFixed(prec === undefined ? 6 : Number(prec)); break;
          case 'x': s = (Math.trunc(Number(a)) || 0).toString(16); break;
          case 'X': s = (Math.trunc(Number(a)) || 0).toString(16).toUpperCase(); break;
          case 'o': s = (Math.trunc(Number(a)) || 0).toString(8); break;
          case 'b': s = a.replace(/\\n/g, '\n').replace(/\\t/g, '\t'); break;
          default: s = prec === undefined ? a : a.slice(0, Number(prec));
        }
        const w = Number(width);
        return w < 0 ? s.padEnd(-w) : s.padStart(w);
      });
  } while (i > 0 && i < args.length);
  await ctx.io.stdout.write(out);
  return 0;
};
