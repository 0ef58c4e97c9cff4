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

