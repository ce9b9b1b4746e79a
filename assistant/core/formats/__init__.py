"""Files translated in their own format: each format read into the segments of text a model translates (with inline
formatting as numbered tags), and written back with only that text changed; what cannot be translated safely is
listed, never dropped. The translation itself (pieces, prompts, checks, resuming) is core/writing's."""
