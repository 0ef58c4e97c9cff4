import { NAV_ITEMS, pageHref, type PageId } from './routing';

const ICONS: Record<PageId, string> = {
  devices: 'M4 2h8a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm3 10h2',
  'new-campaign': 'M2 13h12M4 11V7m4 4V4m4 7V8',
  runs: 'M3 3h10M3 8h10M3 13h10',
  compare: 'M5 2v12M11 2v12M2 5h6M8 11h6',
  'router-profiles': 'M3 3h4v4H3zM9 3h4v4H9zM3 9h4v4H3zM9 9h4v4H9z',
  settings: 'M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8 1v2m0 10v2M1 8h2m10 0h2',
};

export function Sidebar({ active }: { active: PageId | null }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ◆
        </span>
        Aurora Lab
      </div>
      <ul className="nav">
        {NAV_ITEMS.map((item) => (
          <li key={item.id}>
            <a
              href={pageHref(item.id)}
              className={`nav-link${active === item.id ? ' active' : ''}`}
              aria-current={active === item.id ? 'page' : undefined}
              title={item.title}
              data-testid={`nav-${item.id}`}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
                <path d={ICONS[item.id]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
              </svg>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot muted">Small LMs on real phones</div>
    </nav>
  );
}
