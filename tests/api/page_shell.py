"""A stand-in for the SPA shell Reflex serves, and a reader of its head, for link-preview tests."""

from __future__ import annotations

from html.parser import HTMLParser

from starlette.responses import HTMLResponse

SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>'
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
    "<title>Spoticlone</title>"
    '<meta name="description" content="A Reflex app."/>'
    '<meta property="og:image" content="favicon.ico"/>'
    "<meta property='og:title' content='Spoticlone'>"
    '<meta property="og:image:width" content="64"/>'
    '<meta name="twitter:card" content="summary"/>'
    '<link rel="modulepreload" href="/assets/entry.js"/></head>'
    '<body><div id="root"></div>'
    "<script>window.x = \"<meta property='og:title' content='keep me'>\"</script>"
    "</body></html>"
)


class Head(HTMLParser):
    """Collects the title and meta tags of a document's head."""

    def __init__(self, document: str):
        super().__init__()
        self.in_head = self.in_title = False
        self.titles: list[str] = []
        self.meta: list[dict] = []
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "title" and self.in_head:
            self.in_title = True
            self.titles.append("")
        elif tag == "meta" and self.in_head:
            self.meta.append(dict(attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.titles[-1] += data

    def values(self, key: str) -> list[str]:
        return [m["content"] for m in self.meta if key in (m.get("property"), m.get("name"))]

    def one(self, key: str) -> str:
        found = self.values(key)
        assert len(found) == 1, (key, found)
        return found[0]


def shell_app(body: str = SHELL, *, headers: dict | None = None, seen: list | None = None):
    """A stand-in for Reflex's static server: the same SPA shell for every path."""

    async def app(scope, receive, send):
        if seen is not None:
            seen.append(scope)
        await HTMLResponse(body, headers={"X-Frontend": "reflex", **(headers or {})})(
            scope, receive, send
        )

    return app
