import { ErrorBoundary } from './components/ErrorBoundary';
import { Sidebar } from './components/Sidebar';
import { StatusStrip } from './components/StatusStrip';
import { useHashRoute } from './hooks/useHashRoute';
import { DeviceDetailPage } from './pages/DeviceDetailPage';
import { DevicesPage } from './pages/DevicesPage';
import { PLACEHOLDERS, PlaceholderPage } from './pages/PlaceholderPage';
import { SettingsPage } from './pages/SettingsPage';
import { hrefFor, navIdFor, type Route } from './routing';

export function App() {
  const route = useHashRoute();
  return (
    <div className="app">
      <Sidebar active={navIdFor(route)} />
      <div className="main">
        <StatusStrip />
        <main className="content">
          {/* Keyed by route so a crash on one page is forgotten when the user goes elsewhere. */}
          <ErrorBoundary key={hrefFor(route)}>
            <Page route={route} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'devices':
      return <DevicesPage />;
    case 'device':
      return <DeviceDetailPage serial={route.serial} />;
    case 'settings':
      return <SettingsPage />;
    case 'profile':
    case 'runs':
    case 'compare':
    case 'profiles': {
      const p = PLACEHOLDERS[route.page];
      return <PlaceholderPage title={p.title} text={p.text} testId={`${route.page}-page`} />;
    }
    case 'not-found':
      return (
        <div className="page" data-testid="not-found-page">
          <div className="page-header">
            <h1 data-testid="page-heading">Not found</h1>
          </div>
          <div className="panel">
            There is no page at <code>#/{route.path}</code>. Go to <a href="#/devices">Devices</a>.
          </div>
        </div>
      );
  }
}
