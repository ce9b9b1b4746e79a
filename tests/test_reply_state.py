"""What a card offers for each state of its reply: nothing while it is written, another version after a stop, a retry
after a failure, and a model to open first when none is loaded."""

from assistant.core.chat.reply_state import OPEN_MODEL, REGENERATE, WRITING, reply_state
from assistant.core.storage.history import COMPLETE, FAILED, INTERRUPTED, STOPPED, STREAMING


def test_a_reply_being_written_offers_no_action_until_it_ends():
    state = reply_state("assistant", STREAMING)
    assert state.kind == WRITING and state.actions == () and not state.card_actions


def test_a_stopped_or_interrupted_reply_offers_another_version():
    for status in (STOPPED, INTERRUPTED):
        state = reply_state("assistant", status)
        assert state.kind == status and state.actions == (REGENERATE,) and state.card_actions


def test_a_failed_reply_offers_a_retry_and_a_model_when_none_is_loaded():
    assert reply_state("assistant", FAILED, model_loaded=True).actions == (REGENERATE,)
    assert reply_state("assistant", FAILED, model_loaded=False).actions == (OPEN_MODEL, REGENERATE)


def test_a_complete_reply_and_a_question_have_no_state():
    assert reply_state("assistant", COMPLETE).kind == "" and reply_state("user", STOPPED).kind == ""
    assert reply_state("user", STREAMING).card_actions
