<?xml version="1.0" encoding="utf-8"?>
<!--
  presswire's browser view of its feeds. rss.xml and atom.xml name this file in an
  <?xml-stylesheet type="text/xsl"?> instruction, so a browser shows a readable page instead of
  raw XML; feed readers ignore the instruction. XSLT 1.0, the only version browsers run.

  It reads only what the feeds say. Two facts are taken from the content HTML, whose shape
  presswire itself writes (src/render/corrections.ts, src/render/figure.ts):
    - the corrections block <aside class="corrections"> (newest correction first) gives the
      "Corrected" badge, its date and text, in both formats;
    - Atom has no alt text for its enclosure, so the lead image's alt comes from
      <figure class="lead-image">.
  Images on the site's own origin are linked relative to the feed, so the page shows them
  wherever the files are served (the public site, or `presswire serve` before publishing).
  Where XSLT is unavailable, the second instruction (feed.css) styles the XML itself.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:at="http://purl.org/atompub/tombstones/1.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:media="http://search.yahoo.com/mrss/"
  exclude-result-prefixes="atom at content dc media">

  <xsl:output method="html" encoding="utf-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:variable name="CORRECTIONS" select="'&lt;aside class=&quot;corrections&quot;'"/>
  <xsl:variable name="LEAD_FIGURE" select="'&lt;figure class=&quot;lead-image&quot;&gt;'"/>

  <!-- ===== RSS 2.0 ===== -->
  <xsl:template match="/rss">
    <xsl:variable name="home" select="channel/link"/>
    <xsl:variable name="self" select="channel/atom:link[@rel='self']/@href"/>
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'RSS 2.0'"/>
      <xsl:with-param name="title">
        <xsl:call-template name="decode-html"><xsl:with-param name="text" select="channel/title"/></xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="description">
        <xsl:call-template name="decode-html"><xsl:with-param name="text" select="channel/description"/></xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="language" select="channel/language"/>
      <xsl:with-param name="copyright" select="channel/copyright"/>
      <xsl:with-param name="home" select="$home"/>
      <xsl:with-param name="self" select="$self"/>
      <xsl:with-param name="count" select="count(channel/item)"/>
      <xsl:with-param name="entries">
        <xsl:for-each select="channel/item">
          <xsl:variable name="published">
            <xsl:call-template name="rfc822-to-iso"><xsl:with-param name="date" select="pubDate"/></xsl:call-template>
          </xsl:variable>
          <xsl:call-template name="entry">
            <xsl:with-param name="home" select="$home"/>
            <xsl:with-param name="self" select="$self"/>
            <xsl:with-param name="headline">
              <xsl:call-template name="decode-html"><xsl:with-param name="text" select="title"/></xsl:call-template>
            </xsl:with-param>
            <xsl:with-param name="url" select="link"/>
            <xsl:with-param name="dek">
              <xsl:call-template name="decode-html"><xsl:with-param name="text" select="description"/></xsl:call-template>
            </xsl:with-param>
            <xsl:with-param name="published" select="$published"/>
            <xsl:with-param name="modified" select="atom:updated"/>
            <xsl:with-param name="content" select="content:encoded"/>
            <xsl:with-param name="authors" select="dc:creator"/>
            <xsl:with-param name="section" select="category[contains(@domain, '/sections/')]"/>
            <xsl:with-param name="image" select="media:thumbnail/@url"/>
            <xsl:with-param name="alt" select="media:content[1]/media:text"/>
            <xsl:with-param name="srcset">
              <xsl:for-each select="media:content[@medium='image']">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:call-template name="local-url">
                  <xsl:with-param name="url" select="@url"/>
                  <xsl:with-param name="home" select="$home"/>
                  <xsl:with-param name="self" select="$self"/>
                </xsl:call-template>
                <xsl:value-of select="concat(' ', @width, 'w')"/>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== Atom 1.0 ===== -->
  <xsl:template match="/atom:feed">
    <xsl:variable name="home" select="atom:link[@rel='alternate'][1]/@href"/>
    <xsl:variable name="self" select="atom:link[@rel='self']/@href"/>
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'Atom'"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="language" select="@xml:lang"/>
      <xsl:with-param name="copyright" select="atom:rights"/>
      <xsl:with-param name="home" select="$home"/>
      <xsl:with-param name="self" select="$self"/>
      <xsl:with-param name="count" select="count(atom:entry)"/>
      <xsl:with-param name="entries">
        <xsl:for-each select="atom:entry">
          <xsl:variable name="figure" select="substring-after(atom:content, $LEAD_FIGURE)"/>
          <xsl:variable name="figure-src" select="substring-before(substring-after($figure, ' src=&quot;'), '&quot;')"/>
          <xsl:variable name="alt">
            <xsl:call-template name="decode-html">
              <xsl:with-param name="text" select="substring-before(substring-after($figure, ' alt=&quot;'), '&quot;')"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:call-template name="entry">
            <xsl:with-param name="home" select="$home"/>
            <xsl:with-param name="self" select="$self"/>
            <xsl:with-param name="headline" select="atom:title"/>
            <xsl:with-param name="url" select="atom:link[@rel='alternate'][1]/@href"/>
            <!-- An entry without a summary whose content is plain text (e.g. the corrections feed) shows that text. -->
            <xsl:with-param name="dek" select="(atom:summary | atom:content[not(../atom:summary)][@type = 'text' or not(@type)])[1]"/>
            <xsl:with-param name="published" select="atom:published"/>
            <xsl:with-param name="modified" select="atom:updated"/>
            <xsl:with-param name="content" select="atom:content"/>
            <xsl:with-param name="authors" select="atom:author/atom:name"/>
            <xsl:with-param name="section" select="atom:category[contains(@scheme, '/sections/')]/@term"/>
            <xsl:with-param name="image">
              <xsl:choose>
                <xsl:when test="$figure-src != ''"><xsl:call-template name="decode-html"><xsl:with-param name="text" select="$figure-src"/></xsl:call-template></xsl:when>
                <xsl:otherwise><xsl:value-of select="atom:link[@rel='enclosure'][starts-with(@type, 'image/')][1]/@href"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="alt" select="$alt"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:with-param>
      <xsl:with-param name="withdrawn">
        <xsl:if test="at:deleted-entry">
          <section class="withdrawn">
            <h2>Withdrawn</h2>
            <p>These articles were withdrawn. Feed readers that follow Atom tombstones remove them.</p>
            <ul>
              <xsl:for-each select="at:deleted-entry">
                <li>
                  <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:link[@rel='alternate']/@href"/></a>
                  <xsl:text> — withdrawn </xsl:text>
                  <xsl:call-template name="time"><xsl:with-param name="iso" select="@when"/></xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Anything else (a feed format this view does not know): show nothing broken, say so. -->
  <xsl:template match="/*" priority="-1">
    <html><body><p>This file is not a feed that this view can show. Open it in a feed reader.</p></body></html>
  </xsl:template>

  <!-- ===== The page ===== -->
  <xsl:template name="page">
    <xsl:param name="format"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="language"/>
    <xsl:param name="copyright"/>
    <xsl:param name="home"/>
    <xsl:param name="self"/>
    <xsl:param name="count"/>
    <xsl:param name="entries"/>
    <xsl:param name="withdrawn"/>
    <html lang="{$language}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="concat($title, ' — ', $format, ' feed')"/></title>
        <style><xsl:value-of select="$STYLE"/></style>
      </head>
      <body>
        <header class="masthead">
          <p class="kicker">
            <span class="format"><xsl:value-of select="concat($format, ' feed')"/></span>
            <xsl:text> · </xsl:text>
            <a class="all-feeds">
              <xsl:attribute name="href">
                <xsl:call-template name="local-url">
                  <xsl:with-param name="url" select="concat($home, 'index.html')"/>
                  <xsl:with-param name="home" select="$home"/>
                  <xsl:with-param name="self" select="$self"/>
                </xsl:call-template>
              </xsl:attribute>
              <xsl:text>All feeds</xsl:text>
            </a>
          </p>
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:if test="string($description) != ''"><p class="description"><xsl:value-of select="$description"/></p></xsl:if>
          <div class="subscribe">
            <p><strong>Subscribe:</strong> copy this address into your feed reader.</p>
            <code class="subscribe-url"><xsl:value-of select="$self"/></code>
          </div>
        </header>
        <main>
          <h2 class="count">
            <xsl:value-of select="$count"/>
            <xsl:choose><xsl:when test="$count = 1"> entry</xsl:when><xsl:otherwise> entries</xsl:otherwise></xsl:choose>
            <xsl:text>, latest change first</xsl:text>
          </h2>
          <xsl:copy-of select="$entries"/>
          <xsl:copy-of select="$withdrawn"/>
        </main>
        <footer>
          <p><xsl:value-of select="$copyright"/></p>
          <p><a href="{$home}"><xsl:value-of select="$home"/></a></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="entry">
    <xsl:param name="home"/>
    <xsl:param name="self"/>
    <xsl:param name="headline"/>
    <xsl:param name="url"/>
    <xsl:param name="dek"/>
    <xsl:param name="published"/>
    <xsl:param name="modified"/>
    <xsl:param name="content"/>
    <xsl:param name="authors"/>
    <xsl:param name="section"/>
    <xsl:param name="image"/>
    <xsl:param name="alt"/>
    <xsl:param name="srcset"/>
    <xsl:variable name="block" select="substring-after($content, $CORRECTIONS)"/>
    <xsl:variable name="corrected" select="contains($content, $CORRECTIONS)"/>
    <!-- Compared to the second: RSS dates carry no fractions. -->
    <xsl:variable name="updated" select="not($corrected) and substring($modified, 1, 19) != substring($published, 1, 19)"/>
    <article>
      <xsl:attribute name="class">
        <xsl:text>entry</xsl:text>
        <xsl:if test="$corrected"> is-corrected</xsl:if>
        <xsl:if test="$updated"> is-updated</xsl:if>
      </xsl:attribute>
      <div class="text">
        <xsl:if test="$corrected or $updated">
          <p class="badges">
            <xsl:choose>
              <xsl:when test="$corrected">
                <span class="badge badge-corrected">
                  <xsl:text>Corrected </xsl:text>
                  <xsl:call-template name="time">
                    <xsl:with-param name="iso" select="substring-before(substring-after($block, '&lt;time datetime=&quot;'), '&quot;')"/>
                  </xsl:call-template>
                </span>
              </xsl:when>
              <xsl:otherwise>
                <span class="badge badge-updated">
                  <xsl:text>Updated </xsl:text>
                  <xsl:call-template name="time"><xsl:with-param name="iso" select="$modified"/></xsl:call-template>
                </span>
              </xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:if>
        <h2 class="headline"><a href="{$url}"><xsl:value-of select="$headline"/></a></h2>
        <xsl:if test="string($dek) != ''"><p class="dek"><xsl:value-of select="$dek"/></p></xsl:if>
        <p class="meta">
          <xsl:text>Published </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="iso" select="$published"/></xsl:call-template>
          <xsl:if test="$authors">
            <xsl:text> · By </xsl:text>
            <xsl:for-each select="$authors">
              <xsl:if test="position() &gt; 1">
                <xsl:choose><xsl:when test="position() = last()"> and </xsl:when><xsl:otherwise>, </xsl:otherwise></xsl:choose>
              </xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </xsl:if>
          <xsl:if test="string($section) != ''">
            <xsl:text> · </xsl:text><span class="section"><xsl:value-of select="$section"/></span>
          </xsl:if>
        </p>
        <xsl:if test="$corrected">
          <p class="correction-note">
            <strong>
              <xsl:choose>
                <xsl:when test="substring-before(substring-after($block, 'data-corrections-count=&quot;'), '&quot;') = '1'">Correction: </xsl:when>
                <xsl:otherwise>Latest correction: </xsl:otherwise>
              </xsl:choose>
            </strong>
            <xsl:call-template name="decode-html">
              <xsl:with-param name="text" select="substring-before(substring-after($block, '&lt;/time&gt; '), '&lt;/li&gt;')"/>
            </xsl:call-template>
          </p>
        </xsl:if>
      </div>
      <xsl:if test="string($image) != ''">
        <figure class="lead-image">
          <img alt="{$alt}" loading="lazy">
            <xsl:attribute name="src">
              <xsl:call-template name="local-url">
                <xsl:with-param name="url" select="$image"/>
                <xsl:with-param name="home" select="$home"/>
                <xsl:with-param name="self" select="$self"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:if test="string($srcset) != ''">
              <xsl:attribute name="srcset"><xsl:value-of select="$srcset"/></xsl:attribute>
              <xsl:attribute name="sizes">(min-width: 44rem) 14rem, 100vw</xsl:attribute>
            </xsl:if>
          </img>
        </figure>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- ===== Helpers ===== -->

  <!-- <time datetime="…">5 September 2026</time> from an ISO 8601 UTC date-time. -->
  <xsl:template name="time">
    <xsl:param name="iso"/>
    <time datetime="{$iso}">
      <xsl:value-of select="number(substring($iso, 9, 2))"/>
      <xsl:text> </xsl:text>
      <xsl:call-template name="month-name"><xsl:with-param name="number" select="number(substring($iso, 6, 2))"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:value-of select="substring($iso, 1, 4)"/>
    </time>
  </xsl:template>

  <xsl:template name="month-name">
    <xsl:param name="number"/>
    <xsl:value-of select="substring-before(substring-after('|1January|2February|3March|4April|5May|6June|7July|8August|9September|10October|11November|12December|', concat('|', $number)), '|')"/>
  </xsl:template>

  <!-- "Sat, 05 Sep 2026 06:30:00 GMT" (the only RFC 822 form presswire writes) → "2026-09-05T06:30:00Z". -->
  <xsl:template name="rfc822-to-iso">
    <xsl:param name="date"/>
    <xsl:variable name="month" select="substring(substring-after('Jan01Feb02Mar03Apr04May05Jun06Jul07Aug08Sep09Oct10Nov11Dec12', substring($date, 9, 3)), 1, 2)"/>
    <xsl:value-of select="concat(substring($date, 13, 4), '-', $month, '-', substring($date, 6, 2), 'T', substring($date, 18, 8), 'Z')"/>
  </xsl:template>

  <!-- An absolute URL on the site's own origin, made relative to the feed; any other URL unchanged. -->
  <xsl:template name="local-url">
    <xsl:param name="url"/>
    <xsl:param name="home"/>
    <xsl:param name="self"/>
    <xsl:choose>
      <xsl:when test="string($home) != '' and starts-with($url, $home) and starts-with($self, $home)">
        <xsl:variable name="below" select="substring-after($self, $home)"/>
        <xsl:call-template name="repeat">
          <xsl:with-param name="text" select="'../'"/>
          <xsl:with-param name="times" select="string-length($below) - string-length(translate($below, '/', ''))"/>
        </xsl:call-template>
        <xsl:value-of select="substring-after($url, $home)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$url"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="repeat">
    <xsl:param name="text"/>
    <xsl:param name="times"/>
    <xsl:if test="$times &gt; 0">
      <xsl:value-of select="$text"/>
      <xsl:call-template name="repeat">
        <xsl:with-param name="text" select="$text"/>
        <xsl:with-param name="times" select="$times - 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Undo presswire's escaping of text inside HTML (escapeHtml in src/util/xml-text.ts, and
       RSS's entity-encoded titles and descriptions in src/feeds/xml.ts). -->
  <xsl:template name="decode-html">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="decode-html"><xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="decode-html"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="decode-html"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'quot;')">"<xsl:call-template name="decode-html"><xsl:with-param name="text" select="substring($rest, 6)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, '#39;')">'<xsl:call-template name="decode-html"><xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="decode-html"><xsl:with-param name="text" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The same look as out/index.html (src/site/index-page.ts). -->
  <xsl:variable name="STYLE">
:root{color-scheme:light;--ink:#1b1b1b;--muted:#5b5b5b;--rule:#d9d4cc;--accent:#9b1c1c;--updated:#1d4f91;--paper:#fbfaf7}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:18px/1.55 Georgia,"Times New Roman",serif}
.masthead,main,footer{width:min(46rem,100% - 2.5rem);margin:0 auto}
.masthead{padding-top:2.5rem;padding-bottom:1.25rem;border-bottom:3px double var(--rule)}
.kicker{margin:0;font:600 .8rem/1 system-ui,sans-serif;letter-spacing:.12em;text-transform:uppercase;color:var(--accent)}
.kicker a{color:var(--accent)}
h1{margin:.4rem 0 .5rem;font-size:2.3rem;line-height:1.15}
.description{margin:.25rem 0;color:var(--muted)}
.subscribe{margin-top:1rem;padding:.75rem 1rem;background:#fff;border:1px solid var(--rule);border-left:4px solid var(--accent);border-radius:4px;font:.95rem/1.5 system-ui,sans-serif}
.subscribe p{margin:0 0 .35rem}
code{font:.9rem/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all;user-select:all}
.count{margin:1.75rem 0 .25rem;font:700 .8rem/1.2 system-ui,sans-serif;letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
.entry{display:grid;grid-template-columns:1fr;gap:.75rem 1.5rem;padding:1.25rem 0;border-bottom:1px solid var(--rule)}
@media (min-width:44rem){.entry{grid-template-columns:1fr 14rem}}
.headline{margin:0;font-size:1.35rem;line-height:1.25}
.headline a{color:var(--ink);text-decoration:none}
.headline a:hover{text-decoration:underline}
.dek{margin:.4rem 0;color:#333}
.meta{margin:.4rem 0 0;font:.85rem/1.5 system-ui,sans-serif;color:var(--muted)}
.section{text-transform:uppercase;letter-spacing:.06em;font-weight:600}
.badges{margin:0 0 .4rem}
.badge{display:inline-block;padding:.15rem .55rem;border-radius:3px;font:700 .75rem/1.4 system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;color:#fff}
.badge-corrected{background:var(--accent)}
.badge-updated{background:var(--updated)}
.correction-note{margin:.6rem 0 0;padding:.5rem .75rem;background:#fdf1f1;border-left:3px solid var(--accent);font:.9rem/1.5 system-ui,sans-serif}
.lead-image{margin:0}
.lead-image img{display:block;width:100%;height:auto;aspect-ratio:3/2;object-fit:cover;border-radius:3px;background:var(--rule)}
.withdrawn{margin-top:2rem;font:.9rem/1.5 system-ui,sans-serif;color:var(--muted)}
.withdrawn a{color:var(--muted)}
.withdrawn h2{font:700 .8rem/1.2 system-ui,sans-serif;letter-spacing:.1em;text-transform:uppercase}
footer{margin-top:2.5rem;padding-bottom:2.5rem;font:.85rem/1.5 system-ui,sans-serif;color:var(--muted)}
footer a{color:var(--muted)}
  </xsl:variable>
</xsl:stylesheet>
