import { describe, expect, it } from 'vitest';
import { ContentMemory } from './content-memory.js';

describe('ContentMemory', () => {
  it('gives back what was kept under a key, and nothing for a key never kept', () => {
    const memory = new ContentMemory(100);
    memory.keep('a', '<p>A</p>');
    expect(memory.recall('a')).toBe('<p>A</p>');
    expect(memory.recall('b')).toBeUndefined();
  });

  it('forgets the least recently used contents first when over its budget of characters', () => {
    const memory = new ContentMemory(30);
    memory.keep('a', 'x'.repeat(10));
    memory.keep('b', 'y'.repeat(10));
    memory.keep('c', 'z'.repeat(10));
    // Using "a" makes "b" the oldest, so "b" goes when "d" comes.
    expect(memory.recall('a')).toBe('x'.repeat(10));
    memory.keep('d', 'w'.repeat(10));
    expect(memory.recall('b')).toBeUndefined();
    expect([memory.recall('a'), memory.recall('c'), memory.recall('d')]).toEqual([
      'x'.repeat(10),
      'z'.repeat(10),
      'w'.repeat(10),
    ]);
  });

  it('never keeps a content larger than the whole budget', () => {
    const memory = new ContentMemory(5);
    memory.keep('big', '123456');
    expect(memory.recall('big')).toBeUndefined();
  });
});
