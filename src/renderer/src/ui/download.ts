/** Saving files from the page (charts, exports): an anchor with `download`, the same in Electron and a browser. */
import { writeZip } from '../../../shared/kit/zip';

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

type HandedFile = { filename: string; mime: string; encoding: 'utf8' | 'base64'; content: string };

function bytesOf(file: HandedFile): Uint8Array<ArrayBuffer> {
  return file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(file.content);
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the lab handed over (charts, reports: src/shared/api/benchmark.ts ExportFile), saved under its own name. */
export function downloadExportFile(file: HandedFile, prefix = ''): void {
  downloadBlob(new Blob([bytesOf(file)], { type: file.mime }), `${prefix}${file.filename}`);
}

/**
 * Several files the lab handed over, saved as one: the file itself (named `path`) when there is one, else one zip
 * named `archiveName` with each file under its `path` (a browser drops some of several downloads started together).
 */
export function downloadExportFiles(files: ReadonlyArray<{ path: string; file: HandedFile }>, archiveName: string): void {
  if (files.length === 1) return downloadBlob(new Blob([bytesOf(files[0]!.file)], { type: files[0]!.file.mime }), files[0]!.path);
  const zip = writeZip(files.map((f) => ({ name: f.path, data: bytesOf(f.file) })));
  downloadBlob(new Blob([zip], { type: 'application/zip' }), archiveName);
}
