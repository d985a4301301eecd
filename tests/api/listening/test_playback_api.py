"""``/api/v1/me/playback``, a track's normalisation, and the stream's ``?quality=``."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import Role, TrackLoudness, TrackRendition, TrackStatus
from tests import factories

URL = "/api/v1/me/playback"


def _bearer(session, user) -> dict[str, str]:
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_anonymous_listeners_read_the_defaults_and_cannot_save(api):
    assert api.get(URL).json() == {"streaming_quality": "normal", "normalise_volume": True}
    refused = api.put(URL, json={"streaming_quality": "high"})
    assert refused.status_code == 401 and "detail" in refused.json()


def test_a_listener_saves_settings_and_bad_input_changes_nothing(api, session):
    auth = _bearer(session, factories.make_user(session))
    saved = api.put(URL, json={"streaming_quality": "low", "normalise_volume": False}, headers=auth)
    assert saved.status_code == 200
    assert saved.json() == {"streaming_quality": "low", "normalise_volume": False}
    for body in ({"streaming_quality": "ultra"}, {"normalise_volume": "maybe"}, {"volume": 3},
                 {"streaming_quality": 5}):
        bad = api.put(URL, json=body, headers=auth)
        assert bad.status_code == 422 and bad.json()["detail"]
    assert api.get(URL, headers=auth).json() == {"streaming_quality": "low", "normalise_volume": False}
    assert api.put(URL, json={"normalise_volume": True}, headers=auth).json()["streaming_quality"] == "low"
    other = _bearer(session, factories.make_user(session))
    assert api.get(URL, headers=other).json()["streaming_quality"] == "normal"


def test_normalisation_of_a_track_and_of_a_hidden_one(api, session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    loud = factories.make_track(session, artist_id=artist.id)
    draft = factories.make_track(session, artist_id=artist.id, status=TrackStatus.DRAFT)
    session.add(TrackLoudness(track_id=loud.id, integrated_lufs=-8.0, true_peak_dbtp=0.0))
    session.commit()
    body = api.get(f"/api/v1/tracks/{loud.id}/normalisation").json()
    assert body == {"track_id": loud.id, "integrated_lufs": -8.0, "true_peak_dbtp": 0.0,
                    "target_lufs": -14.0, "gain_db": -6.0}
    assert api.get(f"/api/v1/tracks/{draft.id}/normalisation").status_code == 404
    other = _bearer(session, factories.make_user(session))
    assert api.get(f"/api/v1/tracks/{draft.id}/normalisation", headers=other).status_code == 404
    mine = api.get(f"/api/v1/tracks/{draft.id}/normalisation", headers=_bearer(session, owner))
    assert mine.status_code == 200 and mine.json()["gain_db"] is None
    assert api.get("/api/v1/tracks/99999999999999999999/normalisation").status_code in (404, 422)


@pytest.fixture
def lossless(session, store):
    original = b"fLaC" + bytes(range(256)) * 40
    track = factories.make_track(session, audio_key=store.put_bytes("audio", "flac", original),
                                 audio_format="flac", mime_type="audio/flac", bitrate=900_000,
                                 file_size=len(original))
    aac = bytes(reversed(range(256))) * 12
    key = store.put_bytes("audio", "m4a", aac)
    session.add(TrackRendition(track_id=track.id, tier="normal", key=key, source_key=track.audio_key,
                               mime_type="audio/mp4", bitrate=160_000, file_size=len(aac)))
    session.commit()
    return track, original, aac


def test_the_stream_serves_the_quality_asked_with_exact_ranges(api, lossless):
    track, original, aac = lossless
    url = routes.stream_url(track.id)
    normal = api.get(url, params={"quality": "normal"})
    assert normal.status_code == 200 and normal.content == aac
    assert normal.headers["content-type"] == "audio/mp4" and normal.headers["x-stream-quality"] == "normal"
    part = api.get(url, params={"quality": "normal"}, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == aac[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(aac)}"
    # Not made yet: the original.
    high = api.get(url, params={"quality": "high"}, headers={"Range": "bytes=0-9"})
    assert high.content == original[:10] and high.headers["x-stream-quality"] == "original"
    assert api.get(url).content == original
    bad = api.get(url, params={"quality": "best"})
    assert bad.status_code == 422 and "detail" in bad.json()
    # An ETag of one file never validates another file's range.
    stale = api.get(url, params={"quality": "normal"},
                    headers={"Range": "bytes=0-9", "If-Range": api.get(url).headers["etag"]})
    assert stale.status_code == 200 and stale.content == aac
