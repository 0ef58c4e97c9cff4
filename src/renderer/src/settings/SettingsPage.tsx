/** Lab settings (non-secret), API keys for the LLM routers (write-only), and what the lab runs with. */
import { labInfoStore, useLabInfo } from '../app/useLabInfo';
import { InlineError } from '../ui/Messages';
import { KeysPanel } from './ApiKeysPanel';
import { useSettings } from './hooks';
import { SettingsFormPanel } from './SettingsForm';
import './settings.css';

export function SettingsPage() {
  const { info, error } = useLabInfo();
  const settings = useSettings();
  const view = settings.data;

  return (
    <div className="page" data-testid="settings-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Settings</h1>
      </div>
      {settings.error ? <InlineError message={`Could not load the settings: ${settings.error.message}`} testId="settings-load-error" onRetry={settings.refetch} /> : null}
      {view ? (
        <>
          <SettingsFormPanel view={view} onSaved={settings.setData} />
          <KeysPanel view={view} onChanged={settings.refetch} />
        </>
      ) : settings.error ? null : (
        <div className="panel muted">Loading settings…</div>
      )}

      {error ? <InlineError message={error.message} onRetry={() => void labInfoStore().reload()} /> : null}
      {info ? (
        <section className="panel" data-testid="lab-info">
          <h3 className="panel-title">Lab</h3>
          <dl className="facts">
            <Row label="Version" value={info.version} />
            <Row label="Running as" value={info.host === 'electron' ? 'Electron app' : 'HTTP server (aurora-lab serve)'} />
            <Row label="Lab home" value={info.labHome} mono />
            <Row label="Database" value={`${info.databasePath} (schema ${info.schemaVersion})`} mono />
            <Row label="adb" value={info.adb.available ? `${info.adb.version ?? '?'} at ${info.adb.path ?? '?'}` : (info.adb.error ?? 'unavailable')} mono />
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
