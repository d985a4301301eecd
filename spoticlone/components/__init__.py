"""Reusable UI pieces: layout, page template, cards, track lists, common blocks."""
