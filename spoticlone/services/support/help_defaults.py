"""The Help page's first answers, written into a fresh database by the support desk migration.

Plain data (``(section, title, markdown body)``, in the order shown) so the migration can
insert it without importing the services. Administrators edit or replace them at /admin/help.
"""

DEFAULT_ARTICLES: tuple[tuple[str, str, str], ...] = (
    ("Listening", "How do I play music?",
     "Press the play button on any album, artist, playlist or song, or double-click a song row. "
     "The **player bar** at the bottom keeps playing while you move between pages.\n\n"
     "- *Play next* and *Add to queue* are in every song's **…** menu.\n"
     "- The list icon in the player bar opens the queue; drag songs to reorder them.\n"
     "- On a phone, tap the mini-player to open the full-screen view with lyrics and the queue."),
    ("Listening", "Why does a song sound quieter or louder than before?",
     "Spoticlone evens out loudness between songs (to about -14 LUFS) so you do not have to reach "
     "for the volume. Turn it off, or choose the streaming quality, under **Settings → Playback**."),
    ("Apps and devices", "Can I use Spoticlone in a Subsonic app on my phone?",
     "Yes. Spoticlone speaks the (Open)Subsonic API, so apps such as DSub, Symfonium, Ultrasonic, "
     "Tempo, Amperfy, play:Sub, Substreamer, Feishin or Supersonic work with it.\n\n"
     "1. Open **Settings → Security → Apps and devices**, name the device (\"Car\", \"Pixel phone\") "
     "and press **Make an app password**. Copy it now: it is shown only once.\n"
     "2. In the app, add a server: the address you open Spoticlone at (the app adds `/rest` itself), "
     "your **username** (not your email) and the **app password**.\n\n"
     "Your account password never works in apps. **Revoke** on the security page signs that one app out."),
    ("Uploading music", "How do I upload my own music?",
     "Uploading is for artists. Under **Settings → Become an artist** choose your stage name and page "
     "address; then open **Studio → Upload music** and drag your files onto the page (MP3, FLAC, Ogg, "
     "Opus, WAV, AIFF or M4A).\n\n"
     "Uploads resume by themselves if the connection drops. Each file becomes a draft song; publish it "
     "from **Studio**, alone or as part of an album, now or at a date you choose."),
    ("Uploading music", "Someone uploaded my music without permission. What can I do?",
     "Contact support with the category **Copyright**, the links to the songs and why the music is yours. "
     "We look at every copyright request and answer in the conversation under **Help → My requests**."),
    ("Your account", "How do I get a copy of my data?",
     "Open **Settings → Your data** and press **Request my data**. We gather everything we keep about "
     "your account into one zip file (plays, likes, playlists also as M3U8 and XSPF, settings, support "
     "requests and more) and email you a download link when it is ready."),
    ("Your account", "How do I delete my account?",
     "**Settings → Delete account** explains what happens and asks for your password. You are signed "
     "out everywhere, and the account is erased after a grace period; sign in again before then to "
     "cancel. Your support requests are deleted with the account."),
    ("Your account", "How do I turn on two-step sign-in?",
     "Open **Settings → Two-step sign-in**, scan the code with an authenticator app and type the six "
     "digits it shows. Keep the recovery codes somewhere safe: each one signs you in once if you lose "
     "your phone."),
    ("Contacting support", "How do I contact support, and what do you see?",
     "Use **Contact support** on this page (you need to be signed in). Choose what it is about, "
     "describe the problem and, if it helps, add a screenshot.\n\n"
     "The form offers to attach the page you came from, the song playing and your browser's name. "
     "Untick the box and we get none of it. You can follow every request, and answer us, under "
     "**My requests**."),
)
