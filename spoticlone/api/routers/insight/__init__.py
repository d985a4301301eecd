"""Insight over HTTP: the administrators' dashboard and each listener's own stats and year in review.

Rules live in ``spoticlone.services.insight``.
"""
