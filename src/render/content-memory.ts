/**
 * Entry contents a long-running job (`presswire schedule`) assembled in its earlier builds,
 * by content key: equal keys, equal content (entries/content-key.ts). After a correction the
 * job assembles only the corrected entry's content again, not every other entry of the
 * feeds around it. Least recently used first out, within a budget of characters, so an
 * archive of 50,000 articles never sits in memory whole.
 */
export class ContentMemory {
  private readonly contents = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budgetChars = 8_000_000) {}

  recall(key: string): string | undefined {
    const html = this.contents.get(key);
    if (html !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.contents.delete(key);
      this.contents.set(key, html);
    }
    return html;
  }

  keep(key: string, html: string): void {
    if (html.length > this.budgetChars || this.contents.has(key)) return;
    this.contents.set(key, html);
    this.chars += html.length;
    for (const [oldest, old] of this.contents) {
      if (this.chars <= this.budgetChars) break;
      this.contents.delete(oldest);
      this.chars -= old.length;
    }
  }
}
