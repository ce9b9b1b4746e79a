"""The llama.cpp engine, run only inside the engine host process: one model, its context and the decode loop."""
