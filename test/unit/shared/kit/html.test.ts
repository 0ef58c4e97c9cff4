import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../../src/shared/kit/html';

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or end an attribute, and nothing else', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    expect(escapeHtml('qwen-600m · 42 % ✓')).toBe('qwen-600m · 42 % ✓');
  });
});
