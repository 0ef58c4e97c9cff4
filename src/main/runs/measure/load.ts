/**
 * Steps that start the measuring: the meters beside the runner (thermal monitor, ODPM poller), then the runner
 * with the model loaded (its load time and RSS on record). Restarting the runner after a crash is the same start.
 */
import { ThermalMonitor } from '../../power/conditions';
import { OdpmPoller } from '../../power/odpm';
import { RunnerSession } from '../../runner/session';
import { storeReady } from './store-result';
import type { MeasureState } from './state';

export async function startMeters(s: MeasureState): Promise<void> {
  const { ctx, internals } = s;
  const { bridge, device } = ctx;
  s.thermal = new ThermalMonitor(bridge, device.serial, device.facts.cpuCores ?? 0, internals.thermalIntervalMs ?? 2000);
  s.thermal.start();
  if (s.spec.method !== 'odpm') return;
  s.odpm = new OdpmPoller(bridge, device.serial, internals.odpmIntervalMs ?? 200, s.mapper);
  s.odpm.onRead((r) => {
    s.acct.addOdpm(r);
    storeReady(s);
  });
  await s.odpm.readNow();
  s.odpm.start();
}

/** Starts a runner session with the model; its samples feed the accountant (and store prompts on a fuel gauge). */
export async function startRunner(s: MeasureState): Promise<RunnerSession> {
  const { ctx } = s;
  const session = await RunnerSession.start({ bridge: ctx.bridge, serial: ctx.device.serial, modelPath: s.launch!.modelPath, sampleHz: s.spec.sampleHz, env: s.launch!.env });
  s.internals.onSession?.(session);
  for (const sm of session.samples) s.acct.addSample(sm);
  session.on('sample', (sm) => {
    s.mapper.observe(Date.now(), sm.t_ms);
    s.acct.addSample(sm);
    if (s.spec.method !== 'odpm') storeReady(s);
  });
  session.on('warning', (w) => ctx.warn(w));
  s.session = session;
  return session;
}

export async function loadStep(s: MeasureState): Promise<void> {
  const { ctx, spec } = s;
  ctx.onProgress('loading', `Loading ${spec.modelId}`);
  const session = await startRunner(s);
  const ready = session.ready!;
  s.loadMs = ready.load_ms;
  ctx.store.updateRun(spec.runId, { runnerVersion: ready.runner, engineVersion: ready.engine, ...(ready.cactus_api ? { cactusApi: ready.cactus_api } : {}) });
  ctx.store.updateRunModel(spec.runModelId, { loadMs: ready.load_ms, rssMb: ready.rss_mb, ...(ready.t_boot_ms !== undefined ? { tReadyMs: ready.t_boot_ms } : {}) });
  if (!ready.simulated && s.simulated && ctx.device.facts.virtualEngine !== 'cactus') ctx.warn('The device is a virtual phone but the engine says it is not simulated.');
}
