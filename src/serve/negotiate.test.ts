import { describe, expect, it } from 'vitest';
import { negotiate, qualityOf, responseType } from './negotiate.js';

const CHROMIUM =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const FIREFOX = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FEEDPARSER =
  'application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1';
const RSS = 'application/rss+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

describe('negotiate between a feed type and application/xml', () => {
  it.each([
    ['Chromium navigating', CHROMIUM, XML],
    ['Firefox navigating', FIREFOX, XML],
    ['Universal Feed Parser', FEEDPARSER, RSS],
    ['fetch() and curl', '*/*', RSS],
    ['no Accept header', undefined, RSS],
    ['an empty Accept header', '', RSS],
    ['a reader that names the feed type only', 'application/rss+xml', RSS],
    ['a client that wants XML only', 'application/xml', XML],
    ['a client that accepts neither', 'image/png', RSS],
  ])('%s gets %s', (_who, accept, expected) => {
    expect(negotiate(accept, [RSS, XML])).toBe(expected);
  });
});

describe('responseType: what a served file is sent as', () => {
  const ATOM = 'application/atom+xml; charset=utf-8';
  const HTML = 'text/html; charset=utf-8';

  it('sends a feed to a browser as application/xml, a variant that varies by Accept', () => {
    expect(responseType(ATOM, CHROMIUM)).toEqual({ type: XML, variant: 'xml', negotiated: true });
  });

  it('sends a feed to a feed reader as its own type, still varying by Accept', () => {
    expect(responseType(RSS, FEEDPARSER)).toEqual({ type: RSS, variant: undefined, negotiated: true });
  });

  it('sends any other file as its type, whatever the Accept', () => {
    expect(responseType(HTML, 'application/xml')).toEqual({ type: HTML, variant: undefined, negotiated: false });
  });
});

describe('qualityOf', () => {
  it.each([
    ['application/xml', CHROMIUM, 0.9],
    ['application/rss+xml', CHROMIUM, 0.8],
    ['text/html', CHROMIUM, 1],
    ['image/png', 'image/*;q=0.5, */*;q=0.1', 0.5],
    ['image/png', 'image/png;q=0, image/*', 0],
    ['text/plain', 'text/html', 0],
    ['text/plain', 'text/plain;q=nonsense', 0],
    ['TEXT/HTML', 'text/html;Q=0.3', 0.3],
  ])('%s in %s is %s', (type, accept, expected) => {
    expect(qualityOf(type, accept)).toBe(expected);
  });
});
