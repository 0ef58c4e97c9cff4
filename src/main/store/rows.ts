/**
 * Reading database rows without trusting them: better-sqlite3 returns `unknown`, and a repository's row mapper
 * reads each column through one of these, which checks the value's type (and enum membership, and JSON shape) and
 * names the table and column when it is wrong. So a row mapper is typed by what it checked, never by a cast; a
 * database edited by hand (or an old schema) fails loudly at the first wrong column instead of somewhere later.
 */

export class RowError extends Error {
  constructor(where: string, expected: string, got: unknown) {
    super(`Unexpected value in the lab database at ${where}: expected ${expected}, got ${typeof got === 'string' ? JSON.stringify(got.slice(0, 80)) : String(got)}`);
    this.name = 'RowError';
  }
}

type Where = string;

export function num(v: unknown, where: Where): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new RowError(where, 'a number', v);
}

export function numOrNull(v: unknown, where: Where): number | null {
  return v === null || v === undefined ? null : num(v, where);
}

export function str(v: unknown, where: Where): string {
  if (typeof v === 'string') return v;
  throw new RowError(where, 'text', v);
}

export function strOrNull(v: unknown, where: Where): string | null {
  return v === null || v === undefined ? null : str(v, where);
}

/** SQLite's 0/1 as a boolean. */
/** A boolean as SQLite stores it (0/1), null kept null: the inverse of `flagOrNull`. */
export function sqlFlag(v: boolean | null | undefined): 0 | 1 | null {
  return v === null || v === undefined ? null : v ? 1 : 0;
}

export function flag(v: unknown, where: Where): boolean {
  if (v === 0 || v === 1) return v === 1;
  throw new RowError(where, '0 or 1', v);
}

export function flagOrNull(v: unknown, where: Where): boolean | null {
  return v === null || v === undefined ? null : flag(v, where);
}

/** One of the listed values (a status, a kind...). */
export function member<T extends string>(v: unknown, values: readonly T[], where: Where): T {
  const found = values.find((x) => x === v);
  if (found === undefined) throw new RowError(where, `one of ${values.join(', ')}`, v);
  return found;
}

export function memberOrNull<T extends string>(v: unknown, values: readonly T[], where: Where): T | null {
  return v === null || v === undefined ? null : member(v, values, where);
}

/** A JSON text column, parsed and checked by `check`. */
export function json<T>(v: unknown, where: Where, check: (value: unknown, where: Where) => T): T {
  const text = str(v, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RowError(where, 'JSON', v);
  }
  return check(parsed, where);
}

export function stringArray(v: unknown, where: Where): string[] {
  if (!Array.isArray(v)) throw new RowError(where, 'a list of text', v);
  return v.map((x, i) => str(x, `${where}[${i}]`));
}

export function stringRecord(v: unknown, where: Where): Record<string, string> {
  const r = record(v, where);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(r)) out[k] = str(x, `${where}.${k}`);
  return out;
}

/** A JSON object (or a row read by column name). */
export function record(v: unknown, where: Where): Readonly<Record<string, unknown>> {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.fromEntries(Object.entries(v));
  throw new RowError(where, 'an object', v);
}

/**
 * A row read by column name: `const r = row(st.get(id), 'runs')`, then `r.str('serial')`, `r.numOrNull('sdk')`...
 * Each accessor names `table.column` in its error.
 */
export interface Row {
  /** A column's value, unchecked (for a column read by another checker, e.g. a row's whole JSON object). */
  get(c: string): unknown;
  num(c: string): number;
  numOrNull(c: string): number | null;
  str(c: string): string;
  strOrNull(c: string): string | null;
  flag(c: string): boolean;
  flagOrNull(c: string): boolean | null;
  member<T extends string>(c: string, values: readonly T[]): T;
  memberOrNull<T extends string>(c: string, values: readonly T[]): T | null;
  json<T>(c: string, check: (value: unknown, where: Where) => T): T;
}

export function row(v: unknown, table: string): Row {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RowError(table, 'a row', v);
  const obj: object = v;
  // Reflect.get reads a column of the driver's plain row object without copying it (result sets can be large).
  const get = (c: string): unknown => Reflect.get(obj, c);
  const at = (c: string) => `${table}.${c}`;
  return {
    get,
    num: (c) => num(get(c), at(c)),
    numOrNull: (c) => numOrNull(get(c), at(c)),
    str: (c) => str(get(c), at(c)),
    strOrNull: (c) => strOrNull(get(c), at(c)),
    flag: (c) => flag(get(c), at(c)),
    flagOrNull: (c) => flagOrNull(get(c), at(c)),
    member: (c, values) => member(get(c), values, at(c)),
    memberOrNull: (c, values) => memberOrNull(get(c), values, at(c)),
    json: (c, check) => json(get(c), at(c), check),
  };
}

/** `stmt.get()` of a row that may be absent. */
export function rowOrNull(v: unknown, table: string): Row | null {
  return v === undefined || v === null ? null : row(v, table);
}

/** A `.raw()` row: the values in column order. */
export function cells(v: unknown, where: Where): readonly unknown[] {
  if (Array.isArray(v)) return v;
  throw new RowError(where, 'a row', v);
}

/** How a plain column is read: text, number or 0/1 flag, `?` when it may be NULL. */
export type ColumnKind = 'str' | 'str?' | 'num' | 'num?' | 'flag' | 'flag?';
type KindValue<K extends ColumnKind> = { str: string; 'str?': string | null; num: number; 'num?': number | null; flag: boolean; 'flag?': boolean | null }[K];
type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
/** The object `columns` reads: each snake_case column under its camelCase name, typed by its kind. */
export type Columns<S extends Readonly<Record<string, ColumnKind>>> = { -readonly [K in keyof S & string as CamelCase<K>]: KindValue<S[K]> };

const camel = (c: string) => c.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());

const READ: Record<ColumnKind, (r: Row, c: string) => unknown> = {
  str: (r, c) => r.str(c),
  'str?': (r, c) => r.strOrNull(c),
  num: (r, c) => r.num(c),
  'num?': (r, c) => r.numOrNull(c),
  flag: (r, c) => r.flag(c),
  'flag?': (r, c) => r.flagOrNull(c),
};

/**
 * Reads the plain columns of a row at once, each checked by its kind (`{ device_model: 'str?' }` gives
 * `{ deviceModel: string | null }`). Enumerations and JSON columns are read one by one with their own checks.
 */
export function columns<S extends Readonly<Record<string, ColumnKind>>>(r: Row, spec: S): Columns<S> {
  const out: Record<string, unknown> = {};
  for (const [c, kind] of Object.entries(spec)) out[camel(c)] = READ[kind](r, c);
  // Built key by key from `spec` above: exactly the mapped type (TypeScript cannot follow the loop).
  return out as Columns<S>;
}
