"""Page states of reports and takedowns: the report dialog, the hidden-item notice, the admin queue."""
