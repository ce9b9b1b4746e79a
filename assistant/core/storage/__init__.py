"""What the app keeps: the SQLite database and its migrations, conversations, drafts, settings, and where the files
live (paths)."""
