/** What a phone's probe found: identity, SoC and CPU (can Cactus run), memory, Android build, energy sources. */
import type { DeviceFacts, DeviceSummary } from '../../../shared/devices';
import { Badge } from '../ui/Badge';
import { FactGroup } from '../ui/FactGroup';
import { MISSING, formatAndroid, formatDateTime, formatInt, formatMemoryMb, yesNo } from '../../../shared/format';
import { cactusView } from './device-view';
import { bestEnergySource, energySourceViews } from './energy-sources';

/** CPU features the engine's fast paths need; shown highlighted. */
const KEY_FEATURES = new Set(['asimddp', 'i8mm', 'dotprod']);

export function FactsGrid({ device, facts }: { device: DeviceSummary; facts: DeviceFacts }) {
  const cactus = cactusView(facts);
  return (
    <div className="facts-grid">
      <FactGroup
        title="Identity"
        testId="facts-identity"
        rows={[
          { label: 'Serial', value: device.serial, mono: true },
          { label: 'Manufacturer', value: facts.manufacturer || MISSING },
          { label: 'Brand', value: facts.brand || MISSING },
          { label: 'Model', value: facts.model || MISSING },
          { label: 'Device', value: facts.device || MISSING, mono: true },
          { label: 'Product', value: device.product ?? MISSING, mono: true },
          { label: 'Transport', value: device.transport === 'tcp' ? 'network (tcp)' : 'USB' },
          { label: 'Virtual', value: facts.virtual || device.virtual ? 'yes: results are simulated' : 'no' },
          { label: 'First seen', value: formatDateTime(device.firstSeen) },
          { label: 'Last seen', value: formatDateTime(device.lastSeen) },
          { label: 'Probed', value: formatDateTime(facts.probedAt) },
        ]}
      />
      <FactGroup
        title="SoC and CPU"
        testId="facts-cpu"
        rows={[
          { label: 'SoC', value: facts.soc ?? 'not reported' },
          { label: 'ABI', value: facts.abi || MISSING, mono: true },
          { label: 'ABI list', value: facts.abiList.join(', ') || MISSING, mono: true },
          { label: 'CPU cores', value: formatInt(facts.cpuCores) },
          {
            label: 'Cactus',
            value: (
              <span data-testid="cactus-support">
                <Badge tone={cactus.tone}>{cactus.text === 'yes' ? 'can run' : 'cannot run'}</Badge>{' '}
                {facts.cactus.supported ? null : <span>{facts.cactus.reason ?? ''}</span>}
              </span>
            ),
          },
          ...(facts.cactus.missingFeatures.length ? [{ label: 'Missing', value: facts.cactus.missingFeatures.join(', '), mono: true }] : []),
        ]}
      >
        <div className="chips" data-testid="cpu-features" aria-label="CPU features">
          {facts.cpuFeatures.length === 0 ? (
            <span className="muted">No CPU features reported.</span>
          ) : (
            facts.cpuFeatures.map((f) => (
              <span key={f} className={`chip${KEY_FEATURES.has(f) ? ' chip-key' : ''}`}>
                {f}
              </span>
            ))
          )}
        </div>
      </FactGroup>
      <FactGroup
        title="Memory"
        testId="facts-memory"
        rows={[{ label: 'RAM', value: facts.ramMb === null ? MISSING : `${formatMemoryMb(facts.ramMb)} (${formatInt(facts.ramMb)} MB)` }]}
      />
      <FactGroup
        title="Android build"
        testId="facts-android"
        rows={[
          { label: 'Version', value: formatAndroid(facts.androidRelease, facts.sdk) },
          { label: 'SDK', value: facts.sdk === null ? MISSING : String(facts.sdk) },
          { label: 'Fingerprint', value: <span className="break">{facts.fingerprint || MISSING}</span>, mono: true },
        ]}
      />
      <EnergySources device={device} facts={facts} />
    </div>
  );
}

function EnergySources({ device, facts }: { device: DeviceSummary; facts: DeviceFacts }) {
  const energy = energySourceViews(facts.energySources, device.status);
  const best = bestEnergySource(facts.energySources);
  return (
    <section className="panel facts-energy" data-testid="facts-energy">
      <h3 className="panel-title">Energy sources</h3>
      <p className="muted">
        {best ? `Best source on this phone: ${best}.` : 'This phone offers no energy source: runs on it can measure speed but not energy.'}
      </p>
      <ul className="energy-list">
        {energy.map((s) => (
          <li key={s.key} data-testid={`energy-${s.key}`} data-available={s.available}>
            <div className="energy-head">
              <Badge tone={s.available ? 'ok' : 'muted'}>{yesNo(s.available)}</Badge>
              <strong>{s.name}</strong>
              {s.detail ? <span className="mono muted">{s.detail}</span> : null}
            </div>
            <div className="energy-meaning muted">{s.meaning}</div>
            {s.warning ? <div className="hint hint-warn">{s.warning}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
