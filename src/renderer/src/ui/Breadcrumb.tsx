/** Where a detail page sits: links up to its list, then the page's own name. */
export function Breadcrumb({ trail }: { trail: ReadonlyArray<{ label: string; href?: string }> }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      {trail.map((t, i) => (
        <span key={`${i}:${t.label}`}>
          {i > 0 ? <span className="muted"> / </span> : null}
          {t.href ? <a href={t.href}>{t.label}</a> : <span className="muted">{t.label}</span>}
        </span>
      ))}
    </nav>
  );
}
