import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/aurora-lab.js');

export interface LabProcess {
  child: ChildProcess;
  /** The first line the command printed. */
  firstLine: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Runs the real `aurora-lab` CLI as a child process and resolves once it printed its first line
 * (serve prints its URL, virtual-phone its address). The budget only bounds a failure: under load a CLI start takes
 * 7-15 s, and a virtual phone's power-clock worker loads TypeScript again.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<LabProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`aurora-lab ${args.join(' ')} printed nothing in ${timeoutMs} ms. stderr: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      if (!before.includes('\n') && out.includes('\n')) {
        clearTimeout(timer);
        resolvePromise({
          child,
          firstLine: out.slice(0, out.indexOf('\n')),
          output: () => out + err,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`aurora-lab ${args.join(' ')} exited with ${code} before printing a line. stderr: ${err}`));
    });
  });
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`aurora-lab ${args.join(' ')} did not finish in ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

/** Parses the URL that `aurora-lab serve` prints. */
export function parseServeUrl(line: string): { url: string; origin: string; token: string } {
  const m = /(http:\/\/[^\s/]+)\/\?token=([A-Za-z0-9_-]+)/.exec(line);
  if (!m) throw new Error(`No lab URL in: ${line}`);
  return { url: `${m[1]}/?token=${m[2]}`, origin: m[1]!, token: m[2]! };
}
