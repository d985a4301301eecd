"""Spoticlone: a self-hostable music streaming platform."""

__version__ = "0.1.0"
