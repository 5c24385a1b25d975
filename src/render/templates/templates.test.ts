import { describe, expect, it } from 'vitest';
import { mayCarryTemplates, renderTemplates } from './index.js';
import { articleLinkResolver, resolveLinkStandIns } from './links.js';

const site = { siteUrl: 'https://example.org/blog/', articleUrl: 'https://example.org/blog/news/2014/03/x/' };
const ref = (target: string) => `https://presswire.invalid/article/${encodeURIComponent(target)}`;

describe('renderTemplates: what each construct becomes', () => {
  const cases: [string, string, string][] = [
    ['site.url is the site origin', 'A {{ site.url }} B', 'A https://example.org B'],
    ['site.baseurl is the site path', '[a]({{ site.baseurl }}/about/)', '[a](/blog/about/)'],
    ['site.url + site.baseurl', '{{ site.url }}{{ site.baseurl }}/about/', 'https://example.org/blog/about/'],
    ['relative_url', '{{ "/about/" | relative_url }}', '/blog/about/'],
    ["Eleventy's url filter", "{{ '/about/' | url }}", '/blog/about/'],
    ['absolute_url', '{{ "/about/" | absolute_url }}', 'https://example.org/blog/about/'],
    ['page.url | absolute_url', '{{ page.url | absolute_url }}', 'https://example.org/blog/news/2014/03/x/'],
    ['whitespace control trims', 'a  {{- site.url -}}  b', 'ahttps://example.orgb'],
    ['raw keeps its text, tags and all', '{% raw %}{{ x }} {% if y %}{% endraw %}', '{{ x }} {% if y %}'],
    ['comment goes, with what is inside', 'a{% comment %} {{ x }} {% include y %} {% endcomment %}b', 'ab'],
    ['post_url', '[x]({% post_url 2014-03-12-x %})', `[x](${ref('2014-03-12-x')})`],
    [
      'baseurl before post_url is dropped',
      '[x]({{ site.baseurl }}{% post_url 2014-03-12-x %})',
      `[x](${ref('2014-03-12-x')})`,
    ],
    ['link to a post', '{% link _posts/2014-03-12-x.md %}', ref('_posts/2014-03-12-x.md')],
    ['link to a site file', '{% link assets/report.pdf %}', '/blog/assets/report.pdf'],
    [
      'Eleventy image shortcode',
      '{% image "/img/a.jpg", "A cat" %}',
      '\n\n<figure><img src="/img/a.jpg" alt="A cat"></figure>\n\n',
    ],
    [
      "a Jekyll theme's figure include",
      '{% include figure image_path="/assets/x.jpg" alt="A \\"quote\\"" caption="Cap" %}',
      '\n\n<figure><img src="/assets/x.jpg" alt="A &quot;quote&quot;"><figcaption>Cap</figcaption></figure>\n\n',
    ],
    [
      'Jekyll highlight becomes a fence',
      'a\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n',
      'a\n```ruby\nputs 1\n```\n',
    ],
    [
      'Hugo figure',
      '{{< figure src="/images/b.png" alt="B" caption="Cap <b>" >}}',
      '\n\n<figure><img src="/images/b.png" alt="B"><figcaption>Cap &lt;b&gt;</figcaption></figure>\n\n',
    ],
    [
      'Hugo figure with title as caption',
      '{{< figure src=b.png title="T" >}}',
      '\n\n<figure><img src="b.png" alt=""><figcaption>T</figcaption></figure>\n\n',
    ],
    [
      'Hugo youtube',
      '{{< youtube dQw4w9WgXcQ >}}',
      '[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)',
    ],
    [
      'Hugo youtube id=',
      '{{< youtube id="dQw4w9WgXcQ" >}}',
      '[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)',
    ],
    ['Hugo vimeo', '{{< vimeo 146022717 >}}', '[Watch the video on Vimeo](https://vimeo.com/146022717)'],
    ['Liquid youtube tag', '{% youtube "abc" %}', '[Watch the video on YouTube](https://www.youtube.com/watch?v=abc)'],
    ['Hugo ref with %', '{{% ref "posts/other.md" %}}', ref('posts/other.md')],
    ['Hugo relref', '{{< relref "other#part" >}}', ref('other#part')],
    ['commented shortcode is printed as written', '{{</* figure src="x" */>}}', '{{< figure src="x" >}}'],
    ['Hugo highlight', '{{< highlight go >}}\nx := 1\n{{< /highlight >}}', '```go\nx := 1\n```'],
    ['Jekyll processes Liquid in code too', '`{{ site.url }}`', '`https://example.org`'],
    ['text without templates is unchanged', 'a { b } {c} %}', 'a { b } {c} %}'],
    [
      'lone braces between tags are text, and whitespace control trims across them',
      'x{ {{ site.baseurl }} {y} {\n {{- site.baseurl }}\n{% raw %} { {{ z }} {% endraw %}} {',
      'x{ /blog {y} {/blog\n { {{ z }} } {',
    ],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    const result = renderTemplates(body, site);
    expect(result.markdown).toBe(expected);
    expect(result.warnings).toEqual([]);
  });
});

describe('renderTemplates: what is removed, with a warning naming the line and the tag', () => {
  const cases: [string, string, string, { line: number; tag: string; message: RegExp }[]][] = [
    [
      'an include never reads a file',
      'a\n{% include secrets.html %}b',
      'a\nb',
      [{ line: 2, tag: '{% include secrets.html %}', message: /received include; removed$/ }],
    ],
    [
      'an unknown variable',
      'x\n\n{{ page.title }}',
      'x\n\n',
      [
        {
          line: 3,
          tag: '{{ page.title }}',
          message: /expected only the variables site\.url, site\.baseurl and page\.url; removed/,
        },
      ],
    ],
    [
      'a filter outside the list (no "now")',
      '{{ "now" | date: "%Y" }}',
      '',
      [{ line: 1, tag: '{{ "now" | date: "%Y" }}', message: /but received date; removed/ }],
    ],
    [
      'if/endif: the tags go, the text stays',
      '{% if site.x %}kept{% endif %}',
      'kept',
      [{ line: 1, tag: '{% if site.x %}', message: /received if; removed/ }],
    ],
    [
      'an unknown Hugo shortcode, paired',
      'a\n{{< note >}}inner{{< /note >}}',
      'a\ninner',
      [{ line: 2, tag: '{{< note >}}', message: /received note; removed/ }],
    ],
    ['an unclosed {%', 'a\nb {% oops', 'a\nb  oops', [{ line: 2, tag: '{%', message: /expected %\} to close it/ }]],
    ['an unclosed {{', '{{ x', ' x', [{ line: 1, tag: '{{', message: /expected \}\} to close it/ }]],
    [
      'an unclosed shortcode',
      'a {{< figure src="x"',
      'a  figure src="x"',
      [{ line: 1, tag: '{{<', message: /expected >\}\} to close this shortcode/ }],
    ],
    [
      'a shortcode that cannot be read',
      '{{< figure src="x >}}',
      '',
      [{ line: 1, tag: '{{< figure src="x >}}', message: /expected a shortcode name/ }],
    ],
    [
      'nested output: the inner one is read as the outer one, and the stray closer stays text',
      '{{ {{ site.url }} }}',
      ' }}',
      [{ line: 1, tag: '{{ {{ site.url }}', message: /expected a Liquid expression presswire can read; removed/ }],
    ],
    [
      'an include of another file is still removed',
      'a{% include figure.html %}b\n{% include note.html image="x.jpg" %}c',
      'ab\nc',
      [
        { line: 1, tag: '{% include figure.html %}', message: /received include; removed$/ },
        { line: 2, tag: '{% include note.html image="x.jpg" %}', message: /received include; removed$/ },
      ],
    ],
    [
      'a figure without src',
      '{{< figure alt="x" >}}',
      '',
      [{ line: 1, tag: '{{< figure alt="x" >}}', message: /expected a src/ }],
    ],
    [
      'a video id that is not one',
      '{{< youtube "a b/c" >}}',
      '',
      [{ line: 1, tag: '{{< youtube "a b/c" >}}', message: /expected a youtube video id/ }],
    ],
    [
      'an image shortcode with a variable',
      '{% image page.img, "alt" %}',
      '\n\n<figure><img src="alt" alt=""></figure>\n\n',
      [],
    ],
  ];
  it.each(cases)('%s', (_name, body, expected, warnings) => {
    const result = renderTemplates(body, site);
    expect(result.markdown).toBe(expected);
    expect(result.warnings).toHaveLength(warnings.length);
    warnings.forEach((warning, index) => {
      const got = result.warnings[index];
      expect(got?.line).toBe(warning.line);
      expect(got?.tag).toBe(warning.tag);
      expect(got?.message).toMatch(warning.message);
    });
  });

  it('keeps the rest of an unterminated raw block as written, with a warning', () => {
    const result = renderTemplates('a\n{% raw %}{{ x }}', site);
    expect(result.markdown).toBe('a\n{{ x }}');
    expect(result.warnings).toEqual([
      {
        line: 2,
        tag: '{% raw %}',
        message: 'expected {% endraw %} but the body ends first; the rest is kept as written',
      },
    ]);
  });

  it('warns about an unterminated comment, whose rest is removed', () => {
    const result = renderTemplates('a\n\n{% comment %} b {{ c }}', site);
    expect(result.markdown).toBe('a\n\n');
    expect(result.warnings).toEqual([
      {
        line: 3,
        tag: '{% comment %}',
        message: 'expected {% endcomment %} but the body ends first; the rest was removed',
      },
    ]);
  });

  it('reads no file: include, render and layout of a file that exists leave nothing of it', () => {
    // package.json exists in the working folder of the tests.
    const body =
      '{% include package.json %}{% include_relative package.json %}{% render "package.json" %}{% layout "package.json" %}{{ "package.json" | read_file }}';
    const result = renderTemplates(body, site);
    expect(result.markdown).toBe('');
    expect(result.warnings.map((w) => w.message.replace(/^.*received /, ''))).toEqual([
      'include; removed',
      'include_relative; removed',
      'render; removed',
      'layout; removed',
      'read_file; removed',
    ]);
  });

  it('reports links with their lines', () => {
    const result = renderTemplates('a\n{% post_url 2014-03-12-x %}\n\n{{< ref "posts/y" >}}', site);
    expect(result.links).toEqual([
      { target: '2014-03-12-x', line: 2 },
      { target: 'posts/y', line: 4 },
    ]);
  });

  it('bounds hostile input: thousands of unclosed openers take one pass and 51 warnings at most', () => {
    const body = '{% '.repeat(20_000) + '{{< '.repeat(20_000);
    const started = performance.now();
    const result = renderTemplates(body, site);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.markdown).not.toMatch(/\{\{|\{%/);
    expect(result.warnings.length).toBeLessThanOrEqual(51);
    expect(result.warnings.at(-1)?.message).toMatch(/more than 20 unclosed/);
  });

  it('nests: a raw block inside a comment-free body keeps a shortcode-looking text', () => {
    const result = renderTemplates('{% raw %}{{< figure src="x" >}}{% endraw %}', site);
    expect(result.markdown).toBe('{{< figure src="x" >}}');
  });
});

describe('mayCarryTemplates', () => {
  it.each([
    ['plain text', 'a { b } %', false],
    ['{{', 'a {{ b', true],
    ['{%', 'a {% b', true],
  ])('%s', (_name, body, expected) => expect(mayCarryTemplates(body)).toBe(expected));
});

describe('links between articles', () => {
  const resolve = articleLinkResolver([
    { sourcePath: '2014-03-12-x.md', url: 'https://example.org/blog/2014/03/x/' },
    { sourcePath: 'posts/y/index.md', url: 'https://example.org/blog/y/' },
    { sourcePath: 'a/same.md', url: 'https://example.org/blog/a/' },
    { sourcePath: 'b/same.md', url: 'https://example.org/blog/b/' },
  ]);
  it.each([
    ['post_url', '2014-03-12-x', 'https://example.org/blog/2014/03/x/'],
    ['link from the site root', '_posts/2014-03-12-x.md', 'https://example.org/blog/2014/03/x/'],
    ['ref to a page bundle', '/posts/y/', 'https://example.org/blog/y/'],
    ['ref with a fragment', 'posts/y#part', 'https://example.org/blog/y/#part'],
    ['a name two articles carry is no match', 'same', undefined],
    ['a folder-qualified name is', 'b/same.md', 'https://example.org/blog/b/'],
    ['unknown', 'nope', undefined],
  ])('%s', (_name, target, expected) => expect(resolve(target)).toBe(expected));

  it('replaces stand-ins in HTML, and drops the href of an unknown article', () => {
    const html = `<p><a href="${ref('2014-03-12-x')}">x</a> <a href="${ref('nope')}">n</a> ${ref('posts/y')}</p>`;
    expect(resolveLinkStandIns(html, resolve)).toBe(
      '<p><a href="https://example.org/blog/2014/03/x/">x</a> <a>n</a> https://example.org/blog/y/</p>',
    );
  });
});
