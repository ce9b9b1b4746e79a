"""Drafting and Translation without widgets: prompts and their wording, tracked changes, paragraphs, languages."""
