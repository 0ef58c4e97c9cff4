import { cmd, dumpsys } from './dumpsys';
import { cat, chmodCmd, cpCmd, ls, mkdirCmd, mv, rmCmd, touch } from './fs-commands';
import { df, sha256sum, statCmd } from './fs-info-commands';
import { date, echo, env, falseCmd, getprop, id, nproc, setprop, sleep, test, trueCmd, uname, whoami } from './system-commands';
import { grep, head, printf, tail, wc } from './text-commands';
import type { Command } from './types';

/** The phone's /system/bin, as far as the lab needs it. */
export const COMMANDS: Record<string, Command> = {
  cat,
  chmod: chmodCmd,
  cmd,
  cp: cpCmd,
  date,
  df,
  dumpsys,
  echo,
  env,
  false: falseCmd,
  getprop,
  grep,
  head,
  id,
  ls,
  mkdir: mkdirCmd,
  mv,
  nproc,
  printf,
  rm: rmCmd,
  setprop,
  sha256sum,
  sleep,
  stat: statCmd,
  tail,
  test,
  '[': test,
  touch,
  true: trueCmd,
  uname,
  wc,
  whoami,
};

/** Own properties only: `toString` or `constructor` typed at the shell are not commands. */
export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
