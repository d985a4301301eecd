"""Upload one picture through a real API route and report how much this process's peak memory grew.

``test_picture_uploads_api`` runs this in a process of its own, because the peak
resident size (``ru_maxrss``) is a high-water mark: in the pytest process every
earlier test would already have raised it. A small upload first warms up every
import and cache on the route, so the growth measured is the big picture's alone.

Usage: ``python -m tests.api.measure_picture_upload DATA_DIR PICTURE_FILE avatar|playlist``;
prints one JSON object (status, detail, growth in MB, the stored picture's size).
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main(data_dir: str, picture_file: str, route: str) -> dict:
    os.environ["SPOTICLONE_DATA_DIR"] = data_dir
    os.environ["SPOTICLONE_ENV"] = "test"
    os.environ.pop("SPOTICLONE_DATABASE_URL", None)

    from fastapi.testclient import TestClient
    from PIL import Image
    from sqlmodel import Session

    from spoticlone.api.app import create_api
    from spoticlone.config import get_settings
    from spoticlone.db import create_schema, make_engine
    from tests import factories, images

    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        user = factories.make_user(session, username="memory")
        headers = {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}
    client = TestClient(create_api())

    if route == "avatar":
        def upload(data: bytes):
            return client.put("/api/v1/me/avatar", headers=headers, files={"file": ("p.png", data, "image/png")})
        url_field = "avatar_url"
    else:
        playlist = client.post("/api/v1/playlists", json={"name": "Memory"}, headers=headers).json()

        def upload(data: bytes):
            return client.put(f"/api/v1/playlists/{playlist['id']}/cover", content=data,
                              headers={**headers, "Content-Type": "image/png"})
        url_field = "cover_url"

    warm = upload(images.png(600, 600))
    assert warm.status_code == 200, warm.text
    with open(picture_file, "rb") as handle:
        data = handle.read()
    before = _peak_mb()
    response = upload(data)
    growth = _peak_mb() - before
    body = response.json()
    result = {"status": response.status_code, "detail": body.get("detail"), "growth_mb": round(growth, 1),
              "peak_mb": round(_peak_mb(), 1), "picture": None}
    if response.status_code == 200:
        served = client.get(body[url_field])
        with Image.open(io.BytesIO(served.content)) as img:
            result["picture"] = [img.format, img.width, img.height]
    return result


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(*sys.argv[1:4])))
