import { InlineError } from '../components/Badge';
import { useLabInfo } from '../hooks/useStores';
import { labInfoStore } from '../stores';

/** Settings are not editable yet; the page shows where the lab keeps its data and which adb it uses. */
export function SettingsPage() {
  const { info, error } = useLabInfo();
  return (
    <div className="page" data-testid="settings-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Settings</h1>
      </div>
      <div className="panel placeholder">
        <p>Editable settings (adb path, lab home) arrive later; this page is not built yet. What the lab uses now:</p>
      </div>
      {error ? <InlineError message={error.message} onRetry={() => void labInfoStore().reload()} /> : null}
      {info ? (
        <section className="panel">
          <h3 className="panel-title">Lab</h3>
          <dl className="facts">
            <Row label="Version" value={info.version} />
            <Row label="Running as" value={info.host === 'electron' ? 'Electron app' : 'HTTP server (aurora-lab serve)'} />
            <Row label="Lab home" value={info.labHome} mono />
            <Row label="Database" value={`${info.databasePath} (schema ${info.schemaVersion})`} mono />
            <Row label="adb" value={info.adb.available ? `${info.adb.version ?? '?'} at ${info.adb.path ?? '?'}` : info.adb.error ?? 'unavailable'} mono />
            <Row label="adb server port" value={String(info.adb.serverPort)} mono />
          </dl>
        </section>
      ) : null}
    </div>
  );
}

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}
