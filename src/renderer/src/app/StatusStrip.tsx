import { asSentence } from '../lab/errors';
import { labInfoStore, useLabInfo } from './useLabInfo';


/** The header strip: adb availability (with the fix when it is missing) and how this window reaches the lab. */
export function StatusStrip() {
  const { info, error, loading } = useLabInfo();

  return (
    <>
      <header className="status-strip" data-testid="status-strip">
        {info ? (
          <>
            <span className="strip-item" data-testid="adb-status" data-available={info.adb.available}>
              <span className={`dot ${info.adb.available ? 'dot-ok' : 'dot-bad'}`} aria-hidden />
              {info.adb.available ? (
                <span title={info.adb.path ?? undefined}>
                  adb {info.adb.version ?? ''} <span className="muted">· server :{info.adb.serverPort}</span>
                </span>
              ) : (
                <span>adb unavailable</span>
              )}
            </span>
            <span className="strip-spacer" />
            <span className="strip-item muted" data-testid="lab-host" data-host={info.host}>
              {info.host === 'electron' ? 'Electron app' : 'Served over HTTP (aurora-lab serve)'}
            </span>
            <span className="strip-item muted tabular">Aurora Lab {info.version}</span>
          </>
        ) : (
          <span className="strip-item muted">{loading || !error ? 'Connecting to the lab…' : 'Lab unreachable'}</span>
        )}
      </header>
      {info && !info.adb.available ? (
        <div className="banner banner-bad" role="alert" data-testid="adb-error">
          <strong>adb is not available.</strong>{' '}
          {info.adb.error ??
            'Install Android SDK platform-tools and put adb on PATH (or set the ADB path in Settings).'}
        </div>
      ) : null}
      {error ? (
        <div className="banner banner-bad" role="alert" data-testid="lab-error">
          <strong>Cannot reach the lab:</strong> {asSentence(error.message)}
          {error.code === 'unauthorized' ? (
            <span>
              {' '}
              Open the address printed by <code>aurora-lab serve</code>: it carries the access token.
            </span>
          ) : null}{' '}
          <button type="button" className="btn btn-small" onClick={() => void labInfoStore().reload()}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}
