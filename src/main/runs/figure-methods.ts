/**
 * What a run's memory figures measure, said with them (issue 11: "RSS MB 1.9" beside "Peak RAM 70-125 MB" read as a
 * contradiction). They are different things: RSS is the runner process's resident memory read by the runner from
 * /proc/self/status (VmRSS) once, right after the model loaded; peak RAM is the engine's own ram_usage_mb per prompt.
 * On a virtual phone the runner is a host process and the simulated engine holds no weights, so its RSS is the
 * runner's own few MB, while its peak RAM is modelled from the model's size. Pure.
 */

export function rssMethod(rssMb: number | null, simulated: boolean): string | null {
  if (rssMb === null) return null;
  const what = 'VmRSS of the runner process (/proc/self/status), read once right after the model loaded: memory resident then, not the peak while answering (that is the engine’s peak RAM per prompt)';
  return simulated
    ? `${what}. Virtual phone: the simulated engine holds no weights, so this is the runner’s own memory, not the model’s; its peak RAM is modelled from the model’s size, not measured.`
    : `${what}. Weights mapped but not yet read may not count as resident, so it can be far below the model’s size.`;
}
