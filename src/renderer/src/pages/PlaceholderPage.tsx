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
  compare: {
    title: 'Compare',
    text: 'Comparing routing strategies on measured results arrives with the compare feature; this page is not built yet. To put two runs side by side, open a profiling run on the Runs page and use “Side by side”.',
  },

  profiles: {
    title: 'Profiles',
    text: 'Router profiles rebuilt from measurements arrive with the profiles feature; this page is not built yet.',
  },
} as const;
