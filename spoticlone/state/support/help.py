"""The Help page (``/help``, public) and its editor with the canned answers (``/admin/help``).

The Help page's answers are flattened into one list (each row says whether it opens a
section) because a state list of dicts holding lists cannot be iterated twice in a page.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.support import canned, help_articles, rules
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.common import call_service, dump
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded


def help_rows(sections: list[help_articles.HelpSection]) -> list[dict[str, Any]]:
    """Every answer in page order; ``first`` marks the one that opens its section."""
    return [{"id": a.id, "section": s.title, "title": a.title, "body": a.body, "first": i == 0}
            for s in sections for i, a in enumerate(s.articles)]


class HelpState(rx.State):
    """What ``/help`` shows: the answers, grouped, in order."""

    loaded: bool = False
    rows: list[dict[str, Any]] = []
    error: str = ""

    @rx.event
    @guarded
    async def load(self):
        try:
            self.rows = help_rows(await call_service(help_articles.help_page))
        except DomainError as exc:
            self.error = ui_message(exc)
        self.loaded = True


_BLANK_ARTICLE: dict[str, Any] = {"article_id": 0, "section": "", "title": "", "body": "", "position": ""}
_BLANK_CANNED: dict[str, Any] = {"canned_id": 0, "canned_title": "", "canned_body": ""}


class HelpEditorState(AdminPageState, rx.State):
    """``/admin/help``: pick an answer (or a new one), edit it, save; and the canned answers likewise."""

    articles: list[dict[str, Any]] = []
    article_id: int = 0
    section: str = ""
    title: str = ""
    body: str = ""
    position: str = ""
    answers: list[dict[str, Any]] = []
    canned_id: int = 0
    canned_title: str = ""
    canned_body: str = ""
    notice: str = ""

    async def _reload(self):
        found, redirect = await self._as_admin(help_articles.list_articles)
        if found is not None:
            self.articles = [dump(a) for a in found]
            answers, _ = await self._as_admin(canned.list_canned)
            self.answers = [dump(c) for c in answers or []]
        self.loaded = True
        return redirect

    @rx.event
    @guarded
    async def load(self):
        self.error, self.notice = "", ""
        self._fill_form(**_BLANK_ARTICLE, **_BLANK_CANNED)  # what the admin is writing stays
        redirect = await self._reload()
        if redirect is not None:
            yield redirect

    def _clear_article(self) -> None:
        self._replace_form(**_BLANK_ARTICLE)

    def _pick_article(self, article_id: int) -> None:
        row = next((a for a in self.articles if a["id"] == article_id), None)
        if row is not None:
            self._pick(article_id=row["id"], section=row["section"], title=row["title"], body=row["body"],
                       position=str(row["position"]))

    @rx.event
    def new_article(self):
        self._clear_article()

    @rx.event
    def edit_article(self, article_id: int):
        self._pick_article(article_id)

    @rx.event
    def set_section(self, value: str):
        self._type("section", value[: rules.MAX_ARTICLE_SECTION])

    @rx.event
    def set_title(self, value: str):
        self._type("title", value[: rules.MAX_ARTICLE_TITLE])

    @rx.event
    def set_body(self, value: str):
        self._type("body", value[: rules.MAX_ARTICLE_BODY])

    @rx.event
    def set_position(self, value: str):
        self._type("position", "".join(ch for ch in value if ch.isdigit())[:7])

    @rx.event
    @guarded
    async def save_article(self):
        self.error, self.notice = "", ""
        position = int(self.position) if self.position else None
        fields = dict(section=self.section, title=self.title, body=self.body, position=position)
        if self.article_id:
            saved, _ = await self._as_admin(help_articles.update_article, article_id=self.article_id, **fields)
        else:
            saved, _ = await self._as_admin(help_articles.create_article, **fields)
        if saved is not None:
            await self._reload()
            self._pick_article(saved.id)
            self.notice = f"Saved “{saved.title}”."

    @rx.event
    @guarded
    async def delete_article(self):
        if not self.article_id:
            return
        self.error, self.notice = "", ""
        await self._as_admin(help_articles.delete_article, article_id=self.article_id)
        if not self.error:
            self._clear_article()
            await self._reload()
            self.notice = "Answer deleted."

    def _clear_canned(self) -> None:
        self._replace_form(**_BLANK_CANNED)

    def _pick_canned(self, canned_id: int) -> None:
        row = next((c for c in self.answers if c["id"] == canned_id), None)
        if row is not None:
            self._pick(canned_id=row["id"], canned_title=row["title"], canned_body=row["body"])

    @rx.event
    def new_canned(self):
        self._clear_canned()

    @rx.event
    def edit_canned(self, canned_id: int):
        self._pick_canned(canned_id)

    @rx.event
    def set_canned_title(self, value: str):
        self._type("canned_title", value[: rules.MAX_CANNED_TITLE])

    @rx.event
    def set_canned_body(self, value: str):
        self._type("canned_body", value[: rules.MAX_MESSAGE + 1000])

    @rx.event
    @guarded
    async def save_canned(self):
        self.error, self.notice = "", ""
        if self.canned_id:
            saved, _ = await self._as_admin(canned.update_canned, canned_id=self.canned_id,
                                            title=self.canned_title, body=self.canned_body)
        else:
            saved, _ = await self._as_admin(canned.create_canned, title=self.canned_title, body=self.canned_body)
        if saved is not None:
            await self._reload()
            self._pick_canned(saved.id)
            self.notice = f"Saved canned answer “{saved.title}”."

    @rx.event
    @guarded
    async def delete_canned(self):
        if not self.canned_id:
            return
        self.error, self.notice = "", ""
        await self._as_admin(canned.delete_canned, canned_id=self.canned_id)
        if not self.error:
            self._clear_canned()
            await self._reload()
            self.notice = "Canned answer deleted."
