import { describe, expect, it } from 'vitest';
import { MAX_BODY_HTML_CHARS, renderBody, renderBudgetMs } from './body.js';
import { runWithin } from './time-limit.js';

describe('renderBody: a hostile body is an error, never a hung or crashed build', () => {
  it('stops Markdown that would take minutes (marked is quadratic over long emphasis runs)', () => {
    const started = performance.now();
    const result = renderBody('_a'.repeat(100_000), 'https://news.example/a/', 500);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result).toEqual({
      ok: false,
      reason:
        'expected Markdown that renders in 0.5 s but rendering took longer (very long runs of emphasis markers or nested structure?)',
    });
  });

  it('turns a stack overflow (thousands of nested quotes) into a reason', () => {
    expect(renderBody('>'.repeat(50_000), 'https://news.example/a/')).toEqual({
      ok: false,
      reason:
        'expected Markdown nested less deeply but the renderer ran out of stack (thousands of nested quotes or lists?)',
    });
  });

  it('renders again normally after a stopped render', () => {
    renderBody('_a'.repeat(100_000), 'https://news.example/a/', 200);
    expect(renderBody('Still *works*.', 'https://news.example/a/')).toEqual({
      ok: true,
      html: '<p>Still <em>works</em>.</p>\n',
    });
  });

  it('gives honest bodies a budget that grows with their size', () => {
    expect(renderBudgetMs('')).toBe(5_000);
    expect(renderBudgetMs('x'.repeat(10 * 1024 * 1024))).toBe(55_000);
  });
});

describe('renderBody: a body longer than a feed carries', () => {
  it('is cut after the last whole top-level block that fits, and links to the article', () => {
    const paragraph = `${'word '.repeat(199)}end.`; // 999 characters, "<p>…</p>\n" = 1,008
    const markdown = Array.from({ length: 2_000 }, (_, i) => `${paragraph} ${i}`).join('\n\n');
    const result = renderBody(markdown, 'https://news.example/news/2026/10/long/');
    if (!result.ok) throw new Error(result.reason);
    expect(result.truncated?.totalChars).toBeGreaterThan(MAX_BODY_HTML_CHARS);
    expect(result.truncated?.keptChars).toBeLessThanOrEqual(MAX_BODY_HTML_CHARS);
    expect(result.html.length).toBeLessThan(MAX_BODY_HTML_CHARS + 200);
    // Whole paragraphs only, then the note.
    const kept = result.html.slice(0, result.truncated?.keptChars);
    expect(kept.endsWith('</p>\n')).toBe(true);
    expect(kept.split('<p>').length - 1).toBe(kept.split('</p>').length - 1);
    expect(result.html.slice(kept.length)).toBe(
      '<p><a href="https://news.example/news/2026/10/long/">This article is longer than a feed carries: read the full article.</a></p>\n',
    );
  });

  it('is not cut when it fits', () => {
    const result = renderBody('Short.', 'https://news.example/a/');
    expect(result).toEqual({ ok: true, html: '<p>Short.</p>\n' });
  });
});

describe('runWithin', () => {
  it('returns the value of work that finishes', () => {
    expect(runWithin(() => 6 * 7, 1_000)).toEqual({ ok: true, value: 42 });
  });

  it('rethrows errors that are not about time or depth', () => {
    expect(() =>
      runWithin(() => {
        throw new TypeError('a bug');
      }, 1_000),
    ).toThrow('a bug');
  });
});
