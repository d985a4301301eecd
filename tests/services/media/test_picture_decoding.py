"""Pictures are decoded in a resource-limited child, shrunk early, and uploads are throttled."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from spoticlone.models import Playlist, User
from spoticlone.services.accounts import profiles
from spoticlone.services.core.errors import RateLimited
from spoticlone.services.library.playlists import manage
from spoticlone.services.media import images, picture_uploads
from spoticlone.services.media.images import ImageRejected, reencode_image
from tests import factories, images as samples


def _png(mode: str, size: tuple[int, int], color) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _open(jpeg: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(jpeg))
    img.load()
    return img


def test_the_decoding_child_is_held_to_its_memory_budget(monkeypatch):
    # 5000×5000 RGBA decodes to 100 MB: fine within the real budget, refused within 120 MB
    # of address space. Only a limited child can refuse it (the server has gigabytes).
    big = _png("RGBA", (5000, 5000), (1, 2, 3, 255))
    assert _open(reencode_image(big)).size == (1200, 1200)
    monkeypatch.setattr(images, "CHILD_MEMORY_MB", 120)
    with pytest.raises(ImageRejected, match="could not be processed"):
        reencode_image(big)


def test_busy_decoders_make_an_upload_wait_then_retry_later(monkeypatch):
    monkeypatch.setattr(images, "SLOT_WAIT_SECONDS", 0.05)
    taken = [images._decode_slots.acquire(timeout=1) for _ in range(images.MAX_PARALLEL_DECODES)]
    try:
        assert all(taken)
        with pytest.raises(RateLimited, match="busy"):
            reencode_image(samples.png())
    finally:
        for _ in taken:
            images._decode_slots.release()
    assert _open(reencode_image(samples.png())).size == (64, 48)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
def test_strip_reduction_equals_a_whole_reduction(monkeypatch, mode):
    rng = random.Random(7)
    img = Image.frombytes(mode, (301, 257), bytes(rng.randrange(256) for _ in range(301 * 257 * len(mode))))
    monkeypatch.setattr(images, "STRIP_BYTES", 301 * 4 * 10)  # many strips, the last one partial
    assert images._reduce_in_strips(img, 3).tobytes() == img.reduce(3).tobytes()


@pytest.mark.parametrize(
    "mode, color",
    [("P", 5), ("1", 1), ("I;16", 3000), ("RGBA", (255, 0, 0, 0))],
)
def test_every_mode_is_shrunk_to_an_rgb_jpeg(mode, color):
    out = _open(reencode_image(_png(mode, (3000, 1500), color), max_side=800))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (800, 400))
    if mode == "RGBA":  # fully transparent becomes white, not black
        assert min(out.getpixel((400, 200))) > 240


def test_orientation_survives_the_reduction():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise for display
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 1000), (10, 20, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    out = _open(reencode_image(buffer.getvalue()))
    assert out.size == (300, 1200) and not out.getexif()


def _use_up(session, *, user_id: int, client_ip: str | None, times: int) -> None:
    for _ in range(times):
        picture_uploads.count_upload(session, user_id=user_id, client_ip=client_ip)


def test_profile_pictures_are_throttled_per_account_and_address(session, store):
    ada, bob = factories.make_user(session), factories.make_user(session)
    _use_up(session, user_id=ada.id, client_ip=None, times=picture_uploads.PER_ACCOUNT[0])
    with pytest.raises(RateLimited, match="uploaded a lot of pictures"):
        profiles.set_picture(session, actor=ada, kind="avatar", data=samples.png(), store=store,
                             client_ip="198.51.100.1")
    for n in range(picture_uploads.PER_ADDRESS[0]):
        picture_uploads.count_upload(session, user_id=50_000 + n, client_ip="203.0.113.7")
    with pytest.raises(RateLimited):
        profiles.set_picture(session, actor=bob, kind="cover", data=samples.png(), store=store, client_ip="203.0.113.7")
    session.expire_all()
    assert session.get(User, ada.id).avatar_key is None and session.get(User, bob.id).cover_key is None
    assert not any(p.is_file() for p in store.root.rglob("*"))
    # The same account from another address still has its own budget.
    profiles.set_picture(session, actor=bob, kind="cover", data=samples.png(), store=store, client_ip="198.51.100.2")
    assert session.get(User, bob.id).cover_key


def test_playlist_covers_share_the_throttle_and_the_size_cap(session, store):
    owner = factories.make_user(session)
    playlist = manage.create_playlist(session, actor=owner, name="Art")
    with pytest.raises(picture_uploads.PictureTooBig, match="too big"):
        manage.set_cover(session, actor=owner, playlist_id=playlist.id, store=store,
                            image_bytes=b"\0" * (picture_uploads.MAX_PICTURE_BYTES + 1))
    _use_up(session, user_id=owner.id, client_ip=None, times=picture_uploads.PER_ACCOUNT[0])
    with pytest.raises(RateLimited):
        manage.set_cover(session, actor=owner, playlist_id=playlist.id, image_bytes=samples.png(), store=store)
    session.expire_all()
    assert session.get(Playlist, playlist.id).cover_kind != "custom"
