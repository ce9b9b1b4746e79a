"""Tools a model may call in Chat: Hearth's own (calculator, date and time, a picked file, the user's documents) and
those of MCP servers the user added. Each toolbox answers ``specs()`` and ``call(...)``; what may run is decided by
the approvals (approvals.py), never by a tool's own output."""
