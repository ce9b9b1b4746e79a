"""Chat's decisions, without Qt: the messages a turn sends, a reply's life in the history, and the conversation
session the Chat pane observes (as napari's Qt view observes its viewer model)."""
