/**
 * HTML built with one tagged template that escapes every interpolated value: a string from the data (a prompt, a
 * device name, a strategy name) can never become markup. Only values wrapped by `raw()` (markup this module built
 * itself, or a chart's SVG) pass through unescaped.
 */

import { escapeHtml } from '../../shared/kit/html';

export { escapeHtml };

/** Markup that is already safe. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** `html\`<td>${name}</td>\`` escapes `name`; nested `html` results and arrays of them are kept as markup. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
