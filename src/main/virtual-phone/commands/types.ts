import type { BatteryService } from '../battery-service';
import type { DeviceFs } from '../device-fs';
import type { Persona } from '../personas';
import type { PowerSource } from '../power/power-model';
import type { ProcessLauncher } from '../process-launcher';
import type { ShellIO } from '../shell-io';

/** Everything a command may touch on the phone. */
export interface PhoneContext {
  fs: DeviceFs;
  persona: Persona;
  serial: string;
  props: Map<string, string>;
  power: PowerSource;
  battery: BatteryService;
  launcher: ProcessLauncher;
  /**
   * The HAL's state at the previous `IPowerStats ... delta` dump: boot-clock time (energy meter and state
   * residency sections) and cumulative rail energies in uWs, by channel label.
   */
  powerStatsDelta: { bootMs: number; residencyBootMs?: number; joules: Map<string, number> } | null;
  /** Commands answered differently on this phone (a replay answers getprop and dumpsys with captured text). */
  commandOverrides?: Map<string, Command>;
}

export interface CommandContext {
  name: string;
  args: string[];
  /** Exported variables plus this command's `VAR=value` prefixes. */
  env: Map<string, string>;
  cwd: string;
  io: ShellIO;
  phone: PhoneContext;
  signal: AbortSignal;
}

export type Command = (ctx: CommandContext) => Promise<number>;

export function fail(ctx: CommandContext, message: string, code = 1): Promise<number> {
  return ctx.io.stderr.write(`${ctx.name}: ${message}\n`).then(() => code);
}

export function errnoMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EEXIST':
      return 'File exists';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'ENOTEMPTY':
      return 'Directory not empty';
    default:
      return (e as Error).message ?? String(e);
  }
}

/** Splits leading `-abc` flags (stopping at `--` or the first operand) into a set of letters. */
export function parseFlags(args: string[], withValue: string[] = []): { flags: Set<string>; values: Map<string, string>; operands: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (withValue.includes(f)) {
        const rest = a.slice(j + 1);
        values.set(f, rest || args[++i] || '');
        break;
      }
      flags.add(f);
    }
  }
  return { flags, values, operands: args.slice(i) };
}
