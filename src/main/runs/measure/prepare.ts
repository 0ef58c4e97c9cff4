/**
 * Steps before the runner starts: deploy the runner and the model (sha256 manifest: only what changed is pushed),
 * then the cool-down gate (wait until battery and skin are under the threshold, or warn that it measured warm).
 */
import { coolDown } from '../../power/conditions';
import { findRunnerArtifacts, simulatedEngineEnv } from '../../runner/artifacts';
import { deploy, deploymentFiles } from '../../runner/deploy';
import { resolveModel } from '../../runner/models';
import { REMOTE_DIR } from '../../runner/session';
import type { MeasureState } from './state';

export async function deployStep(s: MeasureState): Promise<void> {
  const { ctx, spec, internals } = s;
  const { facts, serial } = ctx.device;
  ctx.onProgress('deploying', 'Preparing the runner and the model');
  const resources = internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {};
  const artifacts = await findRunnerArtifacts(facts, { buildCacheDir: `${ctx.home}/runner-build`, ...resources });
  const model = resolveModel(spec.modelId, { home: ctx.home, simulated: artifacts.simulated, ...resources });
  const dep = await deploy(ctx.bridge, serial, await deploymentFiles(artifacts, model), {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (p) => ctx.onProgress('deploying', p.file ? `Pushing ${p.file}` : 'Checking files on the phone', { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
  });
  ctx.store.updateRunModel(spec.runModelId, { fileHashes: dep.hashes });
  s.launch = { modelPath: `${REMOTE_DIR}/models/${model.id}`, env: artifacts.simulated ? simulatedEngineEnv(facts, internals.simEnv) : {} };
}

export async function coolDownStep(s: MeasureState): Promise<void> {
  const { ctx } = s;
  const cd = s.spec.cooldown;
  const cool = await coolDown(ctx.bridge, ctx.device.serial, {
    maxTempC: cd.maxTempC,
    timeoutMs: cd.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (t, waited) => ctx.onProgress('cooling', `Cooling down: ${t?.toFixed(1)} C > ${cd.maxTempC} C (waited ${Math.round(waited / 1000)} s)`),
  });
  if (cool.timedOut) ctx.warn(`Cool-down timed out after ${Math.round(cool.waitedMs / 1000)} s at ${cool.tempC?.toFixed(1)} C (threshold ${cd.maxTempC} C); measured warm.`);
}
