import { ErrorBoundary } from './ErrorBoundary';
import { Sidebar } from './Sidebar';
import { StatusStrip } from './StatusStrip';
import { useHashRoute } from './useHashRoute';
import { DeviceDetailPage } from '../devices/DeviceDetailPage';
import { DevicesPage } from '../devices/DevicesPage';
import { CampaignComparePage } from '../campaigns/CampaignComparePage';
import { CampaignDetailPage } from '../campaigns/CampaignDetailPage';
import { ComparePage } from '../compare/ComparePage';
import { ProfileDetailPage } from '../profiles/RouterProfilePage';
import { ProfilesPage } from '../profiles/RouterProfilesPage';
import { ProfilePage } from '../campaigns/NewCampaignPage';
import { QuickProfilePage } from '../runs/QuickRunPage';
import { RunDetailPage } from '../runs/RunDetailPage';
import { RunsPage } from '../runs/RunsPage';
import { SettingsPage } from '../settings/SettingsPage';
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
