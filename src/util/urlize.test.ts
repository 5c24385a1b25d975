import { describe, expect, it } from 'vitest';
import { urlize } from './urlize.js';

describe('urlize', () => {
  it('lowercases ASCII and makes every run of other characters one hyphen, none at the ends', () => {
    expect(urlize('  Dispatch 6389: Release forces -- as water!  ')).toBe('dispatch-6389-release-forces-as-water');
  });

  it('drops accents and decomposes compatibility characters, as Hugo does', () => {
    expect(urlize('Élection à Nîmes — résultats')).toBe('election-a-nimes-resultats');
    expect(urlize('Ｆｕｌｌｗｉｄｔｈ ﬁle №5')).toBe('fullwidth-file-no5');
  });

  it('leaves nothing of text without letters or digits', () => {
    expect(urlize('¿—!?')).toBe('');
    expect(urlize('')).toBe('');
  });
});
