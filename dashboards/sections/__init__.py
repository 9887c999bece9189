"""Page sections with their own module: each page calls one `render` (keeps the pages layout-only)."""
