"""The models on this computer: GGUF headers checked and read (gguf_file), the installed and recent models
(models), whether a file would fit (memory_fit), and the recommended catalogue (recommended)."""
