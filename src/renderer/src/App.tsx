import { ErrorBoundary } from './components/ErrorBoundary';
import { Sidebar } from './components/Sidebar';
import { StatusStrip } from './components/StatusStrip';
import { useHashRoute } from './hooks/useHashRoute';
import { DeviceDetailPage } from './pages/DeviceDetailPage';
import { DevicesPage } from './pages/DevicesPage';
import { CampaignComparePage } from './pages/CampaignComparePage';
import { CampaignDetailPage } from './pages/CampaignDetailPage';
import { ComparePage } from './pages/ComparePage';
import { ProfileDetailPage } from './pages/ProfileDetailPage';
import { ProfilesPage } from './pages/ProfilesPage';
import { ProfilePage } from './pages/ProfilePage';
import { QuickProfilePage } from './pages/QuickProfilePage';
import { RunDetailPage } from './pages/RunDetailPage';
import { RunsPage } from './pages/RunsPage';
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
    case 'quick':
      return <QuickProfilePage serial={route.serial} />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunDetailPage runId={route.runId} />;
    case 'campaign':
      return <CampaignDetailPage campaignId={route.campaignId} />;
    case 'campaign-compare':
      return <CampaignComparePage a={route.a} b={route.b} />;
    case 'profile':
      return <ProfilePage />;
    case 'settings':
      return <SettingsPage />;
    case 'compare':
      return <ComparePage />;
    case 'profiles':
      return <ProfilesPage />;
    case 'profile-detail':
      return <ProfileDetailPage profileId={route.profileId} />;
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
