import { fileError } from './errors';

/** One CSV record with the 1-based physical line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * An RFC 4180 parser: comma separator, fields optionally wrapped in double quotes, `""` inside quotes is one quote,
 * quoted fields may hold commas and line breaks, records end with CRLF, LF or a lone CR. Lenient where Python's csv
 * module is (a stray quote inside an unquoted field is kept as text); strict where silence would corrupt data
 * (an unterminated quote, or text right after a closing quote, is an error naming the line). Blank lines are skipped.
 * The text must already be decoded (see decodeUtf8, which also drops a byte-order mark).
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        blank = false;
        const openLine = line;
        let j = i + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            throw fileError('parse-error', { file, line: openLine, field: `column ${fields.length + 1}` },
              'unterminated quote: a quoted field opens on this line and never closes (a `"` inside a quoted ' +
                'field must be doubled as `""`).');
          }
          line += countLineBreaks(text, j, q);
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          throw fileError('parse-error', { file, line, field: `column ${fields.length + 1}` },
            (q) => `unexpected text after a closing quote (${q(text.slice(i, i + 12))}): a quoted field ` +
              'must end right before a comma or the end of the line; double any `"` inside it.');
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        value = text.slice(i, j);
        if (j > i) blank = false;
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        blank = false;
        i++;
        continue;
      }
      // End of record: CRLF, LF or a lone CR.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!blank) records.push({ fields, line: recordLine });
  }
  return records;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}
