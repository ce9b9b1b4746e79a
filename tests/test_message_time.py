"""A message card's quiet time: the clock today, the day this year, the date before that, in the app's language."""

import time

from assistant.core.chat.message_time import full_time, short_time


def local(year, month, day, hour=0, minute=0):
    return time.mktime((year, month, day, hour, minute, 0, 0, 0, -1))


NOW = local(2024, 12, 6, 18, 30)


def test_today_is_the_clock_alone_in_both_languages():
    assert short_time(local(2024, 12, 6, 14, 5), NOW, "en") == "14:05"
    assert short_time(local(2024, 12, 6, 0, 1), NOW, "zh_CN") == "00:01"


def test_an_earlier_day_this_year_gives_the_day_and_the_time():
    assert short_time(local(2024, 12, 5, 23, 59), NOW, "en") == "Dec 5, 23:59"
    assert short_time(local(2024, 1, 6, 9, 0), NOW, "zh_CN") == "1月6日 09:00"
    assert short_time(local(2024, 12, 5, 14, 5), NOW, "zh_CN") == "12月5日 14:05"


def test_another_year_gives_the_date_alone():
    assert short_time(local(2023, 12, 6, 14, 5), NOW, "en") == "Dec 6, 2023"
    assert short_time(local(2023, 12, 6, 14, 5), NOW, "zh_CN") == "2023年12月6日"


def test_an_unknown_time_is_left_out_and_the_tooltip_has_the_whole_date():
    assert short_time(None, NOW, "en") == "" and full_time(None, "en") == ""
    assert full_time(local(2024, 3, 9, 7, 4), "en") == "2024-03-09 07:04"
    assert full_time(local(2024, 3, 9, 7, 4), "zh_CN") == "2024年3月9日 07:04"


def test_the_app_language_is_used_when_none_is_given():
    from assistant.core import i18n

    try:
        i18n.install(None, "zh_CN")
        assert short_time(local(2024, 2, 1, 8, 0), NOW) == "2月1日 08:00"
    finally:
        i18n.install(None, "en")
    assert short_time(local(2024, 2, 1, 8, 0), NOW) == "Feb 1, 08:00"


def test_a_stored_message_comes_back_with_the_time_it_was_added(tmp_path):
    from assistant.core.storage.database import connect
    from assistant.core.storage.history import History

    history = History(connect(tmp_path / "chats.db"))
    conversation = history.create_conversation("Times")
    before = time.time()
    question = history.add_message(conversation, None, "user", "Hello")
    reply = history.add_message(conversation, question, "assistant", "Hi")
    after = time.time()
    thread = history.thread(conversation)
    assert [m.id for m in thread] == [question, reply]
    assert all(before <= m.created_at <= after for m in thread)
    assert history.message(reply).created_at == thread[1].created_at
    assert history.export(conversation)["messages"][1]["created_at"] == thread[1].created_at
