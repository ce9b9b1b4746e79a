"""Pictures: hostile files made safe, kept by content, turned into data URLs, and read as text (OCR)."""
