#!/usr/bin/python3
"""Parse one feed file with Universal Feed Parser and print a JSON summary.

Used by test/support/validators.ts (parseWithFeedparser) as an independent
check of presswire's output. Run with Debian's /usr/bin/python3 and the
python3-feedparser package:

    /usr/bin/python3 test/support/feedparser_dump.py out/rss.xml

With --serve instead of a file, it answers such requests over a loopback socket for a
whole test run (test/support/validator-servers.ts), one interpreter start for all.

Exit codes: 0 = parsed (even if bozo), 2 = usage error,
3 = feedparser not importable, 4 = file not found.
"""

import json
import os
import socketserver
import sys
import threading
import time

try:
    import feedparser
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write(
        "feedparser_dump.py: cannot import feedparser (%s); "
        "run: apt-get install python3-feedparser\n" % exc
    )
    sys.exit(3)


def iso(parsed):
    """feedparser's *_parsed values are time.struct_time in UTC."""
    if parsed is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)


def text(value):
    if value is None:
        return None
    return str(value)


def plain(value):
    """Turn FeedParserDict / lists / scalars into JSON-serialisable data."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def links(items):
    return [
        {
            "rel": text(link.get("rel")),
            "href": text(link.get("href")),
            "type": text(link.get("type")),
            "length": text(link.get("length")),
            "title": text(link.get("title")),
        }
        for link in items or []
    ]


def authors(items):
    return [
        {
            "name": text(a.get("name")),
            "email": text(a.get("email")),
            "href": text(a.get("href")),
        }
        for a in items or []
    ]


def dict_list(items):
    return [{str(k): text(v) for k, v in item.items()} for item in items or []]


def entry_dump(e):
    return {
        "id": text(e.get("id")),
        "guidislink": bool(e.get("guidislink", False)),
        "title": text(e.get("title")),
        "title_detail_type": text((e.get("title_detail") or {}).get("type")),
        "link": text(e.get("link")),
        "links": links(e.get("links")),
        "published": iso(e.get("published_parsed")),
        "published_raw": text(e.get("published")),
        "updated": iso(e.get("updated_parsed")),
        "updated_raw": text(e.get("updated")),
        "author": text(e.get("author")),
        "authors": authors(e.get("authors")),
        "summary": text(e.get("summary")),
        "content": [
            {"type": text(c.get("type")), "value": text(c.get("value"))}
            for c in e.get("content") or []
        ],
        "tags": [text(t.get("term")) for t in e.get("tags") or []],
        "enclosures": [
            {
                "href": text(x.get("href")),
                "type": text(x.get("type")),
                "length": text(x.get("length")),
            }
            for x in e.get("enclosures") or []
        ],
        "media_content": dict_list(e.get("media_content")),
        "media_thumbnail": dict_list(e.get("media_thumbnail")),
        "media_credit": dict_list(e.get("media_credit")),
        # feedparser routes media:description into summary/content; this key
        # is only present if a future feedparser exposes it separately.
        "media_description": text(e.get("media_description")),
        "media_title": text(e.get("media_title")),
    }


def feed_dump(f):
    image = f.get("image") or {}
    return {
        "title": text(f.get("title")),
        "link": text(f.get("link")),
        "links": links(f.get("links")),
        "id": text(f.get("id")),
        "subtitle": text(f.get("subtitle")),
        "language": text(f.get("language")),
        "rights": text(f.get("rights")),
        "generator": text(f.get("generator")),
        "published": iso(f.get("published_parsed")),
        "updated": iso(f.get("updated_parsed")),
        "authors": authors(f.get("authors")),
        "image": {
            "href": text(image.get("href")),
            "title": text(image.get("title")),
            "link": text(image.get("link")),
        }
        if image
        else None,
    }


def dump(path):
    """(exit status, what the command prints on stdout, on stderr) for one feed file."""
    if not os.path.isfile(path):
        return 4, "", "feedparser_dump.py: no such file: %s\n" % path
    d = feedparser.parse(path)
    exc = d.get("bozo_exception")
    out = {
        "feedparser_version": feedparser.__version__,
        "bozo": bool(d.get("bozo", False)),
        "bozo_exception": ("%s: %s" % (type(exc).__name__, exc)) if exc else None,
        "version": text(d.get("version")) or "",
        "encoding": text(d.get("encoding")),
        "namespaces": plain(d.get("namespaces") or {}),
        "feed": feed_dump(d.get("feed") or {}),
        "entries": [entry_dump(e) for e in d.get("entries") or []],
    }
    return 0, json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", ""


class DumpHandler(socketserver.StreamRequestHandler):
    """One request per connection: a path and a newline in; the exit status on the
    first line, then stdout, or stderr when the status is not 0, out."""

    def handle(self):
        path = self.rfile.readline().decode("utf-8").rstrip("\n")
        try:
            status, stdout, stderr = dump(path)
        except Exception as exc:  # the command would crash with a traceback: status 1
            status, stdout, stderr = 1, "", "feedparser_dump.py: %s: %s\n" % (type(exc).__name__, exc)
        body = stdout if status == 0 else stderr
        self.wfile.write(("%d\n%s" % (status, body)).encode("utf-8"))


class DumpServer(socketserver.ForkingMixIn, socketserver.TCPServer):
    # Each request in a process of its own, forked from this one with feedparser already
    # imported: no request sees another's state, and none pays for Python's start-up.
    pass


def serve():
    """Parse feeds for a whole test run from one interpreter (see validator-servers.ts):
    print the port, answer requests until stdin closes (the test run is over)."""
    server = DumpServer(("127.0.0.1", 0), DumpHandler)
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()

    def watch_parent():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    server.serve_forever()


def main(argv):
    if len(argv) == 2 and argv[1] == "--serve":
        serve()
        return 0
    if len(argv) != 2:
        sys.stderr.write("usage: feedparser_dump.py FEED_FILE | --serve\n")
        return 2
    status, stdout, stderr = dump(argv[1])
    sys.stdout.write(stdout)
    sys.stderr.write(stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
