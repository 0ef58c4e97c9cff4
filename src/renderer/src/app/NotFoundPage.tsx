export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page" data-testid="not-found-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Not found</h1>
      </div>
      <div className="panel">
        There is no page at <code>#/{path}</code>. Go to <a href="#/devices">Devices</a>.
      </div>
    </div>
  );
}
