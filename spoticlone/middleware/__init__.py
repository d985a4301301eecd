"""Site-wide HTTP behaviour wrapped around the whole app: pages, assets and the API alike."""
