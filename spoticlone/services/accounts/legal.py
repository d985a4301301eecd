"""Terms, Privacy and Licences: published versions, their history, and who accepted what.

A document is never edited in place: an admin publishes a new version (the next number)
and says whether listeners must accept it again (terms and privacy only). ``pending_for``
is the one check of "has this listener accepted what they must": the API's write guard
refuses their writes with ``terms_not_accepted`` and every page's shell shows the
"We've updated our Terms" dialog, both from this function. ``require_accepted`` is the
same check at the flush, for every front end (``terms_gate``).

Bodies are Markdown written by admins; pages render them with raw HTML turned off
(``components/legal.py``), so a pasted ``<script>`` shows as text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import LegalAcceptance, LegalDocument, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, acting_for, require_admin, require_user
from spoticlone.services.core.db_cache import PerDatabase
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound

#: The refusal's code when a listener must accept new terms first (API body ``code``).
TERMS_NOT_ACCEPTED = "terms_not_accepted"
KINDS = ("terms", "privacy", "licences")
#: Documents a listener can be asked to accept again.
ACCEPTED_KINDS = ("terms", "privacy")
TITLES = {"terms": "Terms of Service", "privacy": "Privacy Policy", "licences": "Licences"}
MAX_TITLE = 200
MAX_SUMMARY = 500
MAX_BODY = 100_000
HISTORY_LIMIT = 50


class LegalVersion(DTO):
    """One published version, with its text."""

    kind: str
    version: int
    title: str
    body: str
    summary: str
    requires_acceptance: bool
    published_at: datetime
    author_name: str


class VersionSummary(DTO):
    """A version in the history list (no body)."""

    version: int
    title: str
    summary: str
    requires_acceptance: bool
    published_at: datetime


class LegalPage(DTO):
    """What ``/terms`` (and friends) shows: one version and the history."""

    kind: str
    document: LegalVersion | None
    latest_version: int
    history: list[VersionSummary]


class PendingDocument(DTO):
    """A version the listener has not accepted yet."""

    kind: str
    version: int
    title: str
    summary: str


def check_kind(kind: str) -> str:
    """``kind`` if it names a legal document; ``NotFound`` otherwise (it is a URL part)."""
    if kind not in KINDS:
        raise NotFound("There is no such legal document.")
    return kind


def _as_version(doc: LegalDocument, author_name: str) -> LegalVersion:
    return LegalVersion(
        kind=doc.kind, version=doc.version, title=doc.title, body=doc.body, summary=doc.summary,
        requires_acceptance=doc.requires_acceptance, published_at=doc.published_at, author_name=author_name,
    )


def _author_name(session: Session, doc: LegalDocument) -> str:
    author = session.get(User, doc.author_id) if doc.author_id else None
    return author.username if author else ""


def _latest(session: Session, kind: str) -> LegalDocument | None:
    return session.exec(
        select(LegalDocument).where(LegalDocument.kind == kind).order_by(LegalDocument.version.desc())  # type: ignore[attr-defined]
    ).first()


def current_document(session: Session, *, kind: str) -> LegalVersion | None:
    """The newest published version of ``kind`` (public), or None before the first one."""
    doc = _latest(session, check_kind(kind))
    return _as_version(doc, _author_name(session, doc)) if doc else None


def document_page(session: Session, *, kind: str, version: int | None = None) -> LegalPage:
    """A version of ``kind`` (the newest unless ``version``) and the list of versions."""
    check_kind(kind)
    rows = session.exec(
        select(LegalDocument).where(LegalDocument.kind == kind)
        .order_by(LegalDocument.version.desc()).limit(HISTORY_LIMIT)  # type: ignore[attr-defined]
    ).all()
    if version is None:
        chosen = rows[0] if rows else None
    else:
        chosen = session.exec(
            select(LegalDocument).where(LegalDocument.kind == kind, LegalDocument.version == version)
        ).first()
        if chosen is None:
            raise NotFound("That version does not exist.")
    return LegalPage(
        kind=kind,
        document=_as_version(chosen, _author_name(session, chosen)) if chosen else None,
        latest_version=rows[0].version if rows else 0,
        history=[VersionSummary(version=r.version, title=r.title, summary=r.summary,
                                requires_acceptance=r.requires_acceptance, published_at=r.published_at)
                 for r in rows],
    )


def editor_page(session: Session, *, actor: Actor, kind: str) -> LegalPage:
    """The newest version and history of ``kind`` for the admin editor (admins only)."""
    require_admin(actor)
    return document_page(session, kind=kind)


def _text(value: str, limit: int, what: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(f"Write the {what} first.")
    if len(text) > limit:
        raise Invalid(f"The {what} can be at most {limit:,} characters.")
    return text


def publish(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    body: str,
    title: str = "",
    summary: str = "",
    requires_acceptance: bool = False,
) -> LegalVersion:
    """Publish the next version of ``kind`` (admins only); earlier versions stay readable.

    ``requires_acceptance`` asks every signed-in listener to accept this version before
    they change anything again (terms and privacy only).
    """
    admin = require_admin(actor)
    check_kind(kind)
    text = _text(body, MAX_BODY, "document", required=True)
    if requires_acceptance and kind not in ACCEPTED_KINDS:
        raise Invalid("Only the Terms and the Privacy Policy can ask listeners to accept them.")
    doc = _new_version(session, kind=kind, body=text, author_id=admin.id,
                       title=_text(title, MAX_TITLE, "title", required=False) or TITLES[kind],
                       summary=_text(summary, MAX_SUMMARY, "summary of changes", required=False),
                       requires_acceptance=requires_acceptance, admin=admin)
    return _as_version(doc, _author_name(session, doc))


def _new_version(session: Session, *, kind: str, body: str, author_id: int | None, title: str,
                 summary: str, requires_acceptance: bool, admin: User | None = None) -> LegalDocument:
    newest = session.exec(select(func.max(LegalDocument.version)).where(LegalDocument.kind == kind)).one()
    doc = LegalDocument(kind=kind, version=(newest or 0) + 1, title=title, body=body, summary=summary,
                        requires_acceptance=requires_acceptance, author_id=author_id, published_at=utcnow())
    session.add(doc)
    try:
        if admin is not None:
            session.flush()
            audit.record(session, actor=admin, action="legal.publish", target_type="legaldocument",
                         target_id=doc.id, after={"kind": kind, "version": doc.version, "title": title,
                                                  "requires_acceptance": requires_acceptance},
                         summary=f"Published {title} version {doc.version}")
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("Someone published a new version at the same moment. Reload and try again.") from None
    _REQUIRED.forget(session)
    return doc


def seed_first_versions(session: Session, *, texts: dict[str, str]) -> int:
    """Publish ``texts[kind]`` as version 1 of each kind that has no version yet; how many.

    For the demo and a fresh install, so the legal pages are never empty. Version 1 asks
    nobody to accept it again: sign-up records acceptance from then on.
    """
    added = 0
    for kind, body in texts.items():
        if _latest(session, check_kind(kind)) is None:
            _new_version(session, kind=kind, body=body, author_id=None, title=TITLES[kind],
                         summary="First version.", requires_acceptance=False)
            added += 1
    return added


def _accepted_versions(session: Session, user_id: int) -> dict[str, int]:
    rows = session.exec(
        select(LegalAcceptance.kind, func.max(LegalAcceptance.version))
        .where(LegalAcceptance.user_id == user_id).group_by(LegalAcceptance.kind)
    ).all()
    return {kind: version for kind, version in rows}


def _read_required(session: Session) -> tuple[PendingDocument, ...]:
    """For each accepted kind, its newest version that asked for acceptance."""
    found = []
    for kind in ACCEPTED_KINDS:
        doc = session.exec(
            select(LegalDocument).where(LegalDocument.kind == kind, LegalDocument.requires_acceptance)
            .order_by(LegalDocument.version.desc())  # type: ignore[attr-defined]
        ).first()
        if doc is not None:
            found.append(PendingDocument(kind=doc.kind, version=doc.version, title=doc.title, summary=doc.summary))
    return tuple(found)


#: Read before every write of a signed-in listener (the API guard): kept per process for a
#: few seconds (``core.db_cache.TTL``); publishing forgets it, other workers follow within the TTL.
_REQUIRED = PerDatabase(_read_required)


def awaiting_acceptance(session: Session) -> tuple[PendingDocument, ...]:
    """The versions listeners must have accepted to write: read at most every few seconds."""
    return _REQUIRED.get(session)


def nothing_required(engine: Engine) -> bool:
    """Whether this process knows, from moments ago, that no version awaits acceptance: no query."""
    return _REQUIRED.peek(engine) == ()


def pending_for(session: Session, *, actor: Actor) -> list[PendingDocument]:
    """What the actor must accept before writing again (empty for visitors and the up to date)."""
    if actor is None or actor.id is None:
        return []
    return _pending(session, actor.id)


def _pending(session: Session, user_id: int) -> list[PendingDocument]:
    required = _REQUIRED.get(session)
    if not required:
        return []
    accepted = _accepted_versions(session, user_id)
    return [d for d in required if accepted.get(d.kind, 0) < d.version]


def require_accepted(session: Session) -> None:
    """``Conflict`` (code ``terms_not_accepted``) when the account ``session`` acts for
    (``core.actor.acting_for``) has documents to accept first; nothing for visitors and jobs.

    Cheap when nothing awaits acceptance (the required versions are cached), and safe inside
    a flush: it only reads.
    """
    user_id = acting_for(session)
    if user_id is None or not _REQUIRED.get(session):
        return
    pending = _pending(session, user_id)
    if pending:
        raise Conflict(gate_refusal(pending), code=TERMS_NOT_ACCEPTED)


def terms_refusal(pending: list[PendingDocument]) -> str:
    """The sentence a listener with ``pending`` documents gets for any write."""
    names = " and ".join(TITLES[p.kind] for p in pending)
    return f"We've updated our {names}. Accept them to continue (POST /api/v1/me/legal/accept), or sign out."


def gate_refusal(pending: list[PendingDocument]) -> str:
    """The sentence a refused write gets in a page or a Subsonic app (no API route in it)."""
    names = " and ".join(TITLES[p.kind] for p in pending)
    return f"We've updated our {names}. Please accept them on the website to continue, or sign out."


def accept_current(session: Session, *, actor: Actor) -> list[PendingDocument]:
    """Accept the newest version of every acceptable document; what was accepted.

    Accepting what is already accepted changes nothing, so a double click is harmless.
    """
    user_id = saved_id(require_user(actor))
    accepted = _accepted_versions(session, user_id)
    done = []
    for kind in ACCEPTED_KINDS:
        doc = _latest(session, kind)
        if doc is not None and accepted.get(kind, 0) < doc.version:
            session.add(LegalAcceptance(user_id=user_id, kind=kind, version=doc.version, accepted_at=utcnow()))
            done.append(PendingDocument(kind=kind, version=doc.version, title=doc.title, summary=doc.summary))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # a parallel accept of the same version got there first
    return done


def record_signup_acceptance(session: Session, *, new_user: User) -> None:
    """The account just created accepted the current terms and privacy policy (no commit)."""
    for kind in ACCEPTED_KINDS:
        doc = _latest(session, kind)
        if doc is not None:
            session.add(LegalAcceptance(user_id=saved_id(new_user), kind=kind, version=doc.version,
                                        accepted_at=utcnow()))
