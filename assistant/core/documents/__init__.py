"""Documents the user asks questions of: their text read (``readers``, with ``pdf_pages`` and ``images.ocr`` for PDFs),
cut into passages that remember where they came from (``passages``), kept in a full-text index in its own SQLite
file (``index``), kept up to date in the background (``indexer``), and found again for a question (``retrieval``).
"""
