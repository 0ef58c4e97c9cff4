/**
 * Several commands in one adb round trip: each command's output is followed by a marker line carrying its
 * exit status, `@@AURORA@@<name> <status>`. Splitting the output on the markers gives each command's text.
 */
import { echoStatus, quietStderr, seq, type ShellCommand } from './shell-command';

const MARK = '@@AURORA@@';

export interface Section {
  text: string;
  exitCode: number;
}

export function sectionScript(parts: Record<string, ShellCommand>): ShellCommand {
  return seq(...Object.entries(parts).flatMap(([name, cmd]) => [quietStderr(cmd), echoStatus(`${MARK}${name}`)]));
}

/** Output of `sectionScript`, by section name. Sections whose marker never arrived are absent. */
export function splitSections(output: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  const marker = /@@AURORA@@([A-Za-z0-9_.:-]+) (\d+)\r?\n?/g;
  let start = 0;
  for (const m of output.matchAll(marker)) {
    sections.set(m[1]!, { text: output.slice(start, m.index), exitCode: Number(m[2]) });
    start = m.index + m[0].length;
  }
  return sections;
}
