"""Qt-free heart of the app: engine, models, storage, prompts. Importable and testable without a display."""
