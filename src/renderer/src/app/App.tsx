/** The shell: navigation, the lab status strip, and the page of the current route behind an error boundary. */
import { CampaignComparePage } from '../campaigns/CampaignComparePage';
import { CampaignDetailPage } from '../campaigns/CampaignDetailPage';
import { NewCampaignPage } from '../campaigns/NewCampaignPage';
import { ComparePage } from '../compare/ComparePage';
import { DeviceDetailPage } from '../devices/DeviceDetailPage';
import { DevicesPage } from '../devices/DevicesPage';
import { RouterProfilePage } from '../profiles/RouterProfilePage';
import { RouterProfilesPage } from '../profiles/RouterProfilesPage';
import { QuickRunPage } from '../runs/QuickRunPage';
import { RunDetailPage } from '../runs/RunDetailPage';
import { RunsPage } from '../runs/RunsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { ErrorBoundary } from './ErrorBoundary';
import { NotFoundPage } from './NotFoundPage';
import { hrefFor, navIdFor, type Route } from './routing';
import { Sidebar } from './Sidebar';
import { StatusStrip } from './StatusStrip';
import { useHashRoute } from './useHashRoute';
import './shell.css';

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
    case 'quick-run':
      return <QuickRunPage serial={route.serial} />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunDetailPage runId={route.runId} />;
    case 'new-campaign':
      return <NewCampaignPage />;
    case 'campaign':
      return <CampaignDetailPage campaignId={route.campaignId} />;
    case 'campaign-compare':
      return <CampaignComparePage a={route.a} b={route.b} />;
    case 'compare':
      return <ComparePage />;
    case 'router-profiles':
      return <RouterProfilesPage />;
    case 'router-profile':
      return <RouterProfilePage profileId={route.profileId} />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}
