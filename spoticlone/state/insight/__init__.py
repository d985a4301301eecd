"""Page states of insight: the admin dashboard, a listener's own stats and year in review."""
