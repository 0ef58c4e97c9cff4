/**
 * The subset of POSIX sh that lab commands use: quoting, $VAR / ${VAR} / $?, `VAR=value cmd`, pipes, `&&`,
 * `||`, `;`, and fd redirections (`>`, `>>`, `<`, `2>/dev/null`, `2>&1`). Pure: parsing only, no expansion.
 */

export type WordPart =
  | { type: 'lit'; text: string; quoted: boolean }
  | { type: 'var'; name: string; quoted: boolean };

export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export interface AndOrList {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export type Script = AndOrList[];

export class ShellSyntaxError extends Error {}

type Token = { kind: 'word'; word: Word; raw: string } | { kind: 'op'; op: string } | { kind: 'redir'; fd: number; op: Redirect['op'] };

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word: Word = [];
  let raw = '';
  let inWord = false;

  const pushLit = (text: string, quoted: boolean) => {
    const last = word[word.length - 1];
    if (last && last.type === 'lit' && last.quoted === quoted) last.text += text;
    else word.push({ type: 'lit', text, quoted });
  };
  const endWord = () => {
    if (inWord) tokens.push({ kind: 'word', word, raw });
    word = [];
    raw = '';
    inWord = false;
  };
  const readVar = (quoted: boolean) => {
    // at '$'
    const next = input[i + 1];
    if (next === '{') {
      const close = input.indexOf('}', i + 2);
      if (close < 0) throw new ShellSyntaxError("syntax error: '${' unmatched");
      word.push({ type: 'var', name: input.slice(i + 2, close), quoted });
      raw += input.slice(i, close + 1);
      i = close + 1;
      return;
    }
    if (next === '(') throw new ShellSyntaxError('syntax error: command substitution is not supported');
    if (next !== undefined && /[?$#!0-9@*]/.test(next)) {
      word.push({ type: 'var', name: next, quoted });
      raw += input.slice(i, i + 2);
      i += 2;
      return;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i + 1));
    if (!m) {
      pushLit('$', quoted);
      raw += '$';
      i++;
      return;
    }
    word.push({ type: 'var', name: m[0], quoted });
    raw += '$' + m[0];
    i += 1 + m[0].length;
  };

  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      endWord();
      tokens.push({ kind: 'op', op: ';' });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      endWord();
      if (input[i + 1] === c) {
        tokens.push({ kind: 'op', op: c + c });
        i += 2;
      } else {
        // A lone '&' (background) runs in the foreground here: the phone has no job control.
        tokens.push({ kind: 'op', op: c === '&' ? ';' : '|' });
        i++;
      }
      continue;
    }
    if (c === '(' || c === ')' || c === '`') throw new ShellSyntaxError(`syntax error: '${c}' unexpected`);
    if (c === '>' || c === '<') {
      let fd = c === '>' ? 1 : 0;
      // "2>" : a word made only of digits right before the operator names the fd.
      if (inWord && word.length === 1 && word[0]!.type === 'lit' && !word[0]!.quoted && /^\d$/.test(word[0]!.text)) {
        fd = Number(word[0]!.text);
        word = [];
        raw = '';
        inWord = false;
      } else endWord();
      let op: Redirect['op'];
      if (c === '<') {
        op = '<';
        i++;
      } else if (input[i + 1] === '>') {
        op = '>>';
        i += 2;
      } else if (input[i + 1] === '&') {
        op = '>&';
        i += 2;
      } else {
        op = '>';
        i++;
      }
      tokens.push({ kind: 'redir', fd, op });
      continue;
    }
    inWord = true;
    if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError("syntax error: unterminated '");
      pushLit(input.slice(i + 1, close), true);
      raw += input.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      i++;
      raw += '"';
      pushLit('', true);
      while (i < input.length && input[i] !== '"') {
        const d = input[i]!;
        if (d === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1]!)) {
          if (input[i + 1] !== '\n') pushLit(input[i + 1]!, true);
          raw += input.slice(i, i + 2);
          i += 2;
        } else if (d === '$') {
          readVar(true);
        } else {
          pushLit(d, true);
          raw += d;
          i++;
        }
      }
      if (i >= input.length) throw new ShellSyntaxError('syntax error: unterminated "');
      raw += '"';
      i++;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < input.length) {
        if (input[i + 1] !== '\n') pushLit(input[i + 1]!, true);
        raw += input.slice(i, i + 2);
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    if (c === '$') {
      readVar(false);
      continue;
    }
    pushLit(c, false);
    raw += c;
    i++;
  }
  endWord();
  return tokens;
}

export function parseScript(input: string): Script {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];

  const parseCommand = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'op') break;
      pos++;
      if (t.kind === 'redir') {
        const target = peek();
        if (!target || target.kind !== 'word') throw new ShellSyntaxError('syntax error: redirection without a target');
        pos++;
        cmd.redirects.push({ fd: t.fd, op: t.op, target: target.word });
        continue;
      }
      const first = t.word[0];
      if (cmd.words.length === 0 && first && first.type === 'lit' && !first.quoted) {
        const eq = first.text.indexOf('=');
        if (eq > 0 && NAME_RE.test(first.text.slice(0, eq))) {
          const value: Word = [];
          const rest = first.text.slice(eq + 1);
          if (rest) value.push({ type: 'lit', text: rest, quoted: false });
          value.push(...t.word.slice(1));
          cmd.assigns.push({ name: first.text.slice(0, eq), value });
          continue;
        }
      }
      cmd.words.push(t.word);
    }
    return cmd;
  };

  const parsePipeline = (): Pipeline => {
    let negate = false;
    const t = peek();
    if (t && t.kind === 'word' && t.raw === '!') {
      negate = true;
      pos++;
    }
    const commands = [parseCommand()];
    while (peek()?.kind === 'op' && (peek() as { op: string }).op === '|') {
      pos++;
      commands.push(parseCommand());
    }
    for (const c of commands) {
      if (c.words.length === 0 && c.assigns.length === 0 && c.redirects.length === 0) {
        throw new ShellSyntaxError(`syntax error: '${describe(peek())}' unexpected`);
      }
    }
    return { negate, commands };
  };

  const script: Script = [];
  while (pos < tokens.length) {
    const t = peek()!;
    if (t.kind === 'op' && t.op === ';') {
      pos++;
      continue;
    }
    const list: AndOrList = { first: parsePipeline(), rest: [] };
    for (;;) {
      const n = peek();
      if (n && n.kind === 'op' && (n.op === '&&' || n.op === '||')) {
        pos++;
        // A line break may follow && or || (tokenized as ';').
        while (peek()?.kind === 'op' && (peek() as { op: string }).op === ';') pos++;
        list.rest.push({ op: n.op, pipeline: parsePipeline() });
      } else break;
    }
    script.push(list);
    const n = peek();
    if (n && !(n.kind === 'op' && n.op === ';')) throw new ShellSyntaxError(`syntax error: '${describe(n)}' unexpected`);
  }
  return script;
}

function describe(t: Token | undefined): string {
  if (!t) return 'newline';
  if (t.kind === 'op') return t.op;
  if (t.kind === 'redir') return t.op;
  return t.raw;
}

/** Expands a word with the given variables; glob expansion is the interpreter's job (it needs the filesystem). */
export function expandWord(word: Word, vars: (name: string) => string | undefined): string {
  let out = '';
  for (const p of word) out += p.type === 'lit' ? p.text : (vars(p.name) ?? '');
  return out;
}

/** True when an unquoted part holds a glob character. */
export function hasGlob(word: Word): boolean {
  return word.some((p) => p.type === 'lit' && !p.quoted && /[*?[]/.test(p.text));
}

/** Quotes a string for the shell (used when the lab builds command lines). */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
