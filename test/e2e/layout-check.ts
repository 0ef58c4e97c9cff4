/**
 * What "nothing is cut" means on a page, checked in the browser: the content area never scrolls sideways; a table
 * wider than its frame says so (a shaded edge named in `data-overflow` and a visible "more columns" line); text
 * clipped to a line or two has its whole in a tooltip; a pick list that must show everything (the strategies) does
 * not hide anything in a scroll box; and the columns named in `mustSee` are in view without scrolling.
 */
import type { Page } from 'playwright-core';

/** Runs in the page (a string: the node-side typecheck has no DOM types). Answers a list of problems. */
const CHECK = `(mustSee) => {
  const out = [];
  const content = document.querySelector('.content');
  if (!content) return ['no .content area'];
  if (content.scrollWidth > content.clientWidth + 1) out.push('the page scrolls sideways: ' + content.scrollWidth + ' > ' + content.clientWidth + ' px');
  for (const frame of document.querySelectorAll('.table-frame')) {
    const wrap = frame.querySelector('.table-wrap');
    const id = frame.querySelector('table')?.getAttribute('data-testid') || frame.closest('[data-testid]')?.getAttribute('data-testid') || '?';
    if (!wrap || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
    if (!(frame.getAttribute('data-overflow') || '').includes('right')) out.push('table ' + id + ' is wider than its frame without a shaded edge');
    const more = frame.querySelector('[data-testid=table-more]');
    if (!more || !more.checkVisibility()) out.push('table ' + id + ' is wider than its frame without a visible "more columns" line');
  }
  for (const el of document.querySelectorAll('.clamp-2, .clip')) {
    if (!el.checkVisibility()) continue;
    const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (cut && !el.closest('[title]')) out.push('clipped text without a tooltip: ' + (el.textContent || '').slice(0, 40));
  }
  for (const el of document.querySelectorAll('[data-testid=compare-strategies]')) {
    if (el.scrollHeight > el.clientHeight + 1) out.push('the strategy list hides entries in a scroll box');
  }
  for (const [tableId, header] of mustSee) {
    const table = document.querySelector('[data-testid="' + tableId + '"]');
    if (!table) { out.push('no table ' + tableId); continue; }
    const th = [...table.querySelectorAll('thead th')].find((h) => (h.textContent || '').trim().toLowerCase().startsWith(header.toLowerCase()));
    if (!th) { out.push('table ' + tableId + ' has no column ' + header); continue; }
    const box = table.closest('.table-wrap').getBoundingClientRect();
    const r = th.getBoundingClientRect();
    if (r.right > box.right + 1 || r.left < box.left - 1) out.push('column ' + header + ' of ' + tableId + ' is out of view (' + Math.round(r.left) + '-' + Math.round(r.right) + ' in ' + Math.round(box.left) + '-' + Math.round(box.right) + ')');
  }
  return out;
}`;

export async function layoutProblems(page: Page, mustSee: Array<[tableId: string, header: string]> = []): Promise<string[]> {
  return page.evaluate(`(${CHECK})(${JSON.stringify(mustSee)})`) as Promise<string[]>;
}

/** Opens a page of the app by its address (`#/runs/...`) without reloading it. */
export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}
