"""Page states for the support desk: the Help page, contacting support, the admins' inbox."""
