"""The writing panes' states (core/writing/pane_state.py): which one a result is in, and the one action offered."""

from __future__ import annotations

import pytest

from assistant.core.writing.pane_state import (DONE, EMPTY, FAILED, LOAD_MODEL, NO_MODEL, NOTHING, RETRY, RUN, STOP,
                                               STOPPED, WORKING, PaneState, decide)


def test_nothing_yet_offers_the_work_itself_or_a_model_first():
    assert decide(model_loaded=True, working=False, outcome=None) == PaneState(EMPTY, RUN)
    assert decide(model_loaded=False, working=False, outcome=None) == PaneState(NO_MODEL, LOAD_MODEL)


@pytest.mark.parametrize("outcome", [None, STOPPED, FAILED, DONE])
def test_while_the_model_writes_the_one_action_is_stop(outcome):
    assert decide(model_loaded=True, working=True, outcome=outcome) == PaneState(WORKING, STOP)


@pytest.mark.parametrize("outcome", [STOPPED, FAILED])
def test_a_stopped_or_failed_run_is_tried_again_or_needs_a_model_first(outcome):
    assert decide(model_loaded=True, working=False, outcome=outcome) == PaneState(outcome, RETRY)
    assert decide(model_loaded=False, working=False, outcome=outcome) == PaneState(outcome, LOAD_MODEL)


def test_a_result_to_look_at_offers_nothing_more_whether_or_not_a_model_is_loaded():
    assert decide(model_loaded=True, working=False, outcome=DONE) == PaneState(DONE, NOTHING)
    assert decide(model_loaded=False, working=False, outcome=DONE) == PaneState(DONE, NOTHING)


def test_an_unknown_outcome_is_a_programming_error():
    with pytest.raises(ValueError):
        decide(model_loaded=True, working=False, outcome="finished")
