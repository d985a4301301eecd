"""The demo catalog as plain data: genres, fictional artists, their releases and tracks.

The opus tracks are real music from the MIT-licensed ``immich-memories-music``
package; everything around them (artists, titles, bios, lyrics) is invented for
Spoticlone so a fresh install has something credible to browse. Keeping the data
apart from the code that builds files means a release can be renamed or moved to
another artist without touching the tagging or ingestion logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spoticlone.models import AlbumKind

MUSIC_LICENCE = "MIT (immich-memories-music, generated with ACE-Step 1.5)"
SYNTH_LICENCE = "MIT (synthesised by the Spoticlone demo seeder)"


@dataclass(frozen=True)
class GenreSpec:
    name: str
    description: str


@dataclass(frozen=True)
class ArtistSpec:
    name: str
    bio: str
    palette: tuple[str, str, str]  # hex colours for the generated portrait


@dataclass(frozen=True)
class TrackSpec:
    """One track: ``source`` is an opus file name, or ``synth:<preset>`` for generated audio."""

    title: str
    source: str
    instrumental: bool = False


@dataclass(frozen=True)
class AlbumSpec:
    title: str
    artist: str
    genre: str
    kind: AlbumKind
    release_date: date
    style: str  # artwork style name, see spoticlone.demo.artwork
    palette: tuple[str, str, str]
    tracks: tuple[TrackSpec, ...]


GENRES: tuple[GenreSpec, ...] = (
    GenreSpec(
        "Indie Folk",
        "Close-miked guitars, two-part harmonies and songs that sound written at the "
        "kitchen table: intimate, melodic and a little bittersweet.",
    ),
    GenreSpec(
        "Acoustic",
        "Unplugged string-band energy: strummed and picked guitars, stomping rhythms "
        "and live-room warmth, from campfire singalongs to quiet back-porch tunes.",
    ),
    GenreSpec(
        "Ambient",
        "Slow, spacious music for focus and rest. Soft textures, long decays and "
        "gentle melodies that leave room for the listener's own thoughts.",
    ),
    GenreSpec(
        "Synthwave",
        "Retro-futurist electronic music built on analogue-style synths, gated drums "
        "and neon-lit nostalgia for night drives that never happened.",
    ),
    GenreSpec(
        "Electronic",
        "Bright, hook-driven electronic pop: crisp beats, glossy synth leads and "
        "melodies made for headphones and sunny afternoons.",
    ),
)

ARTISTS: tuple[ArtistSpec, ...] = (
    ArtistSpec(
        "Hollow Pines",
        "Hollow Pines are Mara Quill and Teo Ashdown, an acoustic duo who met busking "
        "outside a ferry terminal and never stopped harmonising. They record at home "
        "with one good microphone and a very patient cat. Their songs are small, warm "
        "and specific: kettles, paper boats, the yellow door of a first flat.",
        ("#2f4f3a", "#c9a66b", "#f3e9d2"),
    ),
    ArtistSpec(
        "Copper Ferry",
        "Copper Ferry is a three-piece string band from a river town with more bridges "
        "than traffic lights. Two guitars, a mandolin and a kick drum made from an old "
        "suitcase give their live shows a stomping, sweaty joy. They write fast songs "
        "for long roads and slow ones for the drive home.",
        ("#7a3b1d", "#d98e48", "#fbe3c4"),
    ),
    ArtistSpec(
        "Saltmarsh Radio",
        "Saltmarsh Radio is the ambient project of sound designer Ines Harrow, recorded "
        "in a converted boathouse at the edge of a tidal estuary. Guitar loops, field "
        "recordings and soft synthesisers drift together into music meant for early "
        "mornings, long reads and the minutes before sleep.",
        ("#1d4e5f", "#7fb7be", "#e8f1ef"),
    ),
    ArtistSpec(
        "Neon Lumen",
        "Neon Lumen is the alias of producer Dax Corrigan, who builds cinematic "
        "synthwave from a wall of second-hand keyboards and a drum machine older than "
        "he is. His records sound like city lights through a rain-streaked windscreen: "
        "nostalgic, propulsive and unashamedly dramatic.",
        ("#2b1055", "#d53369", "#fbb03b"),
    ),
    ArtistSpec(
        "Pixel Meadow",
        "Pixel Meadow is Juno Park's bedroom electronic pop project: bouncy basslines, "
        "candy-coloured synths and melodies that stick for days. Juno started making "
        "tracks on a handheld game console and still hides a few chiptune sounds in "
        "every song.",
        ("#ff6f91", "#ffc75f", "#845ec2"),
    ),
)

ALBUMS: tuple[AlbumSpec, ...] = (
    AlbumSpec(
        "Kitchen Window Songs", "Hollow Pines", "Indie Folk", AlbumKind.ALBUM,
        date(2024, 4, 19), "botanical", ("#344e41", "#a3b18a", "#f2e8cf"),
        (
            TrackSpec("Kettle Song", "happy_acoustic_1.opus"),
            TrackSpec("Paper Boats", "tender_acoustic_1.opus"),
            TrackSpec("Yellow Door", "happy_acoustic_2.opus"),
            TrackSpec("Hands Like Maps", "tender_acoustic_2.opus"),
            TrackSpec("Sunday Bread", "happy_acoustic_s411.opus"),
            TrackSpec("Goodnight, Window", "tender_acoustic_s411.opus"),
        ),
    ),
    AlbumSpec(
        "Low Sun, Long Shadows", "Hollow Pines", "Indie Folk", AlbumKind.EP,
        date(2025, 10, 3), "sunset", ("#3d2c3e", "#e07a5f", "#f2cc8f"),
        (
            TrackSpec("Polaroid Summer", "nostalgic_acoustic_1.opus"),
            TrackSpec("The Old Road Home", "nostalgic_acoustic_s411.opus"),
            TrackSpec("Letters in the Attic", "nostalgic_acoustic_s522.opus"),
        ),
    ),
    AlbumSpec(
        "Switchback", "Copper Ferry", "Acoustic", AlbumKind.EP,
        date(2023, 8, 25), "stripes", ("#582f0e", "#b6572a", "#ede0d4"),
        (
            TrackSpec("Switchback", "energetic_acoustic_1.opus"),
            TrackSpec("Run the River", "energetic_acoustic_2.opus"),
            TrackSpec("Boots on the Bridge", "energetic_acoustic_s522.opus"),
        ),
    ),
    AlbumSpec(
        "Lantern Road", "Copper Ferry", "Acoustic", AlbumKind.SINGLE,
        date(2026, 9, 12), "circles", ("#1b263b", "#e9c46a", "#f4a261"),
        (TrackSpec("Lantern Road", "calm_acoustic_1.opus"),),
    ),
    AlbumSpec(
        "Tidal Notes", "Saltmarsh Radio", "Ambient", AlbumKind.ALBUM,
        date(2023, 3, 10), "waves", ("#0b3c49", "#6fb3b8", "#e0f2f1"),
        (
            TrackSpec("Low Tide", "calm_acoustic_s411.opus"),
            TrackSpec("Salt and Linen", "calm_acoustic_s522.opus"),
            TrackSpec("Fog Bank", "calm_electronic_s411.opus", instrumental=True),
            TrackSpec("Lighthouse Hum", "calm_electronic_s522.opus", instrumental=True),
        ),
    ),
    AlbumSpec(
        "Glasshouse", "Saltmarsh Radio", "Ambient", AlbumKind.EP,
        date(2026, 6, 5), "bokeh", ("#16302b", "#81b29a", "#f1faee"),
        (
            TrackSpec("Glasshouse", "synth:ambient_flac"),
            TrackSpec("Moss Light", "synth:ambient_flac_2", instrumental=True),
        ),
    ),
    AlbumSpec(
        "Afterglow Boulevard", "Neon Lumen", "Synthwave", AlbumKind.ALBUM,
        date(2024, 11, 8), "retro_sun", ("#120136", "#ff2e88", "#ffd319"),
        (
            TrackSpec("Afterglow Boulevard", "nostalgic_electronic_2.opus"),
            TrackSpec("Cassette Heart", "nostalgic_electronic_s411.opus"),
            TrackSpec("Palm Shadows", "nostalgic_electronic_s522.opus"),
            TrackSpec("Overdrive", "energetic_electronic_2.opus"),
            TrackSpec("Chrome Horizon", "energetic_electronic_s411.opus"),
        ),
    ),
    AlbumSpec(
        "Night Drive Sketches", "Neon Lumen", "Synthwave", AlbumKind.EP,
        date(2026, 10, 30), "grid", ("#0d0221", "#2de2e6", "#f706cf"),
        (
            TrackSpec("Exit 29", "synth:synthwave_mp3"),
            TrackSpec("Midnight Arcade", "synth:synthwave_mp3_2"),
        ),
    ),
    AlbumSpec(
        "Sunny Side Up", "Pixel Meadow", "Electronic", AlbumKind.ALBUM,
        date(2025, 5, 16), "confetti", ("#ff9671", "#ffc75f", "#f9f871"),
        (
            TrackSpec("Sunny Side Up", "happy_electronic_1.opus"),
            TrackSpec("Bubblegum Satellite", "happy_electronic_2.opus"),
            TrackSpec("Lemonade Weekend", "happy_electronic_s411.opus"),
            TrackSpec("Soft Landing", "tender_electronic_1.opus"),
            TrackSpec("Pocket Universe", "tender_electronic_2.opus"),
        ),
    ),
    AlbumSpec(
        "Soft Focus", "Pixel Meadow", "Electronic", AlbumKind.SINGLE,
        date(2026, 2, 14), "blobs", ("#845ec2", "#d65db1", "#ffc2e2"),
        (TrackSpec("Soft Focus", "tender_electronic_s411.opus"),),
    ),
)

# The artist whose profile the development-mode demo artist account manages.
DEMO_ARTIST_ACCOUNT_FOR = "Neon Lumen"


def artist_spec(name: str) -> ArtistSpec:
    return next(a for a in ARTISTS if a.name == name)


def all_tracks() -> list[tuple[AlbumSpec, int, TrackSpec]]:
    """Every track with its album and 1-based track number, in seeding order."""
    return [(album, n, track) for album in ALBUMS for n, track in enumerate(album.tracks, 1)]
