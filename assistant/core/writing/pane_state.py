"""Which state a writing pane's result is in (Drafting's review side, Translation's translation), and the one action
that moves on from it (issue 34: every state designed, with the action that fixes it). The widgets show what this
decides; they decide nothing of it themselves."""

from __future__ import annotations

from dataclasses import dataclass

# The states.
EMPTY = "empty"  # nothing to show yet: what the place is for, and the action that fills it
NO_MODEL = "no_model"  # nothing to show, and no model to do it with
WORKING = "working"  # the model is writing here
STOPPED = "stopped"  # the user stopped it; what it wrote is shown, nothing was changed
FAILED = "failed"  # it failed; the reason is shown, nothing was changed
DONE = "done"  # a result to look at (a review, a translation, a note of what came of one)

# What the last run came to, as the pane remembers it (None: nothing ran, or its result was put away).
OUTCOMES = (STOPPED, FAILED, DONE)

# The one action offered with a state.
RUN = "run"  # start the work (Drafting: the chosen action; Translation: Translate)
RETRY = "retry"  # the same run again (Translation: Resume, from where it stopped)
LOAD_MODEL = "load_model"  # go and load a model
STOP = "stop"
NOTHING = ""


@dataclass(frozen=True)
class PaneState:
    state: str
    action: str


def decide(model_loaded: bool, working: bool, outcome: str | None) -> PaneState:
    """``outcome``: what the last run came to (one of OUTCOMES), or None. A run ended without a model (it failed,
    or it stopped and cannot go on) is moved on from by loading one; with a model, by running it again."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"not an outcome: {outcome!r}")
    if working:
        return PaneState(WORKING, STOP)
    if outcome in (STOPPED, FAILED):
        return PaneState(outcome, RETRY if model_loaded else LOAD_MODEL)
    if outcome == DONE:
        return PaneState(DONE, NOTHING)
    return PaneState(EMPTY, RUN) if model_loaded else PaneState(NO_MODEL, LOAD_MODEL)
