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
  /** The field's name is itself the file's content (an unknown JSON key): quoted like an excerpt. */
  fieldFromFile?: boolean;
}

export class DatasetError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  /**
   * The message without any excerpt of the file, for a file the user did not choose (a request over HTTP):
   * an error must never become a way to read a host file. Same as `message` when nothing was quoted.
   */
  redactedMessage: string;

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    location?: DatasetErrorLocation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatasetError';
    this.redactedMessage = message;
    if (location) {
      this.file = location.file;
      if (location.line !== undefined) this.line = location.line;
      if (location.field !== undefined) this.field = location.field;
    }
  }
}

/** Quotes a piece of the file in a message: a short excerpt (`shown`), or nothing for the redacted message. */
export interface Quote {
  (value: unknown): string;
  readonly shown: boolean;
}

/** Longest excerpt of a file an error quotes. */
export const EXCERPT_CHARS = 40;

const excerpt: Quote = Object.assign(
  (value: unknown): string => {
    // A string is quoted as a JSON string; any other value as its JSON text (4, null, [1,2]).
    const asString = typeof value === 'string';
    const text = asString ? value : (JSON.stringify(value) ?? String(value));
    const short = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
    return asString ? JSON.stringify(short) : short;
  },
  { shown: true },
);
const nothing: Quote = Object.assign((): string => '(value not shown)', { shown: false });

/**
 * An error about one place in a file: the message starts with `file:line:` and names the field. A detail that
 * quotes the file is a function of the quoting, so the redacted message carries no byte of it.
 */
export function fileError(
  code: DatasetErrorCode,
  location: DatasetErrorLocation,
  detail: string | ((q: Quote) => string),
): DatasetError {
  const where = location.line !== undefined ? `${location.file}:${location.line}` : location.file;
  const field = (q: Quote) => {
    if (location.field === undefined) return '';
    if (!location.fieldFromFile) return `field "${location.field}": `;
    return q.shown ? `field ${q(location.field)}: ` : '';
  };
  const render = (q: Quote) => `${where}: ${field(q)}${typeof detail === 'string' ? detail : detail(q)}`;
  const err = new DatasetError(code, render(excerpt), location);
  err.redactedMessage = render(nothing);
  return err;
}
