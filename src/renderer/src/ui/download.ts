/** Saving files from the page (charts, exports): an anchor with `download`, the same in Electron and a browser. */

export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Text as a file (CSV gets a byte-order mark so spreadsheet programs read it as UTF-8). */
export function downloadText(text: string, fileName: string, mime: string): void {
  const bom = mime.startsWith('text/csv') ? '\uFEFF' : '';
  const url = URL.createObjectURL(new Blob([bom + text], { type: mime }));
  downloadUrl(url, fileName);
  // The click has started the download; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the lab handed over (charts, reports: src/shared/api/benchmark.ts ExportFile), saved under its own name. */
export function downloadExportFile(file: { filename: string; mime: string; encoding: 'utf8' | 'base64'; content: string }, prefix = ''): void {
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
  downloadUrl(url, `${prefix}${file.filename}`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
