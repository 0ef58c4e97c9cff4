/** Pages whose features do not exist yet say so plainly. */
export function PlaceholderPage({ title, text, testId }: { title: string; text: string; testId: string }) {
  return (
    <div className="page" data-testid={testId}>
      <div className="page-header">
        <h1 data-testid="page-heading">{title}</h1>
      </div>
      <div className="panel placeholder">
        <p>{text}</p>
        <p className="muted">
          Meanwhile, attach phones on the <a href="#/devices">Devices</a> page.
        </p>
      </div>
    </div>
  );
}

export const PLACEHOLDERS = {
  profile: {
    title: 'Profile',
    text: 'Profiling campaigns arrive with the campaigns feature; this page is not built yet.',
  },
  runs: {
    title: 'Runs',
    text: 'Stored measurement runs arrive with the runs feature; this page is not built yet.',
  },
  compare: {
    title: 'Compare',
    text: 'Comparing runs side by side arrives with the runs feature; this page is not built yet.',
  },
  profiles: {
    title: 'Profiles',
    text: 'Router profiles rebuilt from measurements arrive with the profiles feature; this page is not built yet.',
  },
} as const;
