/**
 * Errors the dataset layer raises. Each has a stable `code` (the API layer maps it without reading the message)
 * and a message a person can act on. Errors about a file's content name the file, the 1-based physical line and
 * the field: `path/to/file.csv:12: field "answer" (column 6): unknown answer "E" ...`.
 */

export type DatasetErrorCode =
  | 'not-found'
  | 'parse-error'
  | 'encoding'
  | 'empty'
  | 'invalid-option'
  | 'sample-too-large'
  | 'download-failed'
  | 'checksum-mismatch'
  | 'not-downloaded';

export interface DatasetErrorLocation {
  file: string;
  /** 1-based physical line. */
  line?: number;
  /** The field (column name or JSON key) that was wrong. */
  field?: string;
}

export class DatasetError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    location?: DatasetErrorLocation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatasetError';
    if (location) {
      this.file = location.file;
      if (location.line !== undefined) this.line = location.line;
      if (location.field !== undefined) this.field = location.field;
    }
  }
}

/** An error about one place in a file: the message starts with `file:line:` and names the field. */
export function fileError(
  code: DatasetErrorCode,
  location: DatasetErrorLocation,
  detail: string,
): DatasetError {
  const where = location.line !== undefined ? `${location.file}:${location.line}` : location.file;
  const field = location.field !== undefined ? `field "${location.field}": ` : '';
  return new DatasetError(code, `${where}: ${field}${detail}`, location);
}
