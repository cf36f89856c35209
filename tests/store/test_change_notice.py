"""The change notice's payload: small, bounded, and read defensively."""

from bot.store.change_notice import MAX_PAYLOAD, ChangeNotice, account_key


def test_a_notice_round_trips() -> None:
    notice = ChangeNotice("acct", "origin1", "0123456789abcdef0123456789abcdef")
    assert ChangeNotice.decode(notice.encode()) == notice
    assert ChangeNotice.decode(ChangeNotice("acct", "origin1").encode()) == ChangeNotice(
        "acct", "origin1", None
    )


def test_a_task_id_that_is_not_one_is_left_out() -> None:
    for hostile in ("x" * 65, "a b", "<!channel>", ""):
        encoded = ChangeNotice("acct", "o", hostile).encode()
        assert len(encoded) <= MAX_PAYLOAD
        assert ChangeNotice.decode(encoded) == ChangeNotice("acct", "o", None)


def test_what_is_not_a_notice_reads_as_none() -> None:
    for payload in ("", "not json", "[1]", '{"a": 1, "o": "x"}', '{"o": "x"}', "x" * 300):
        assert ChangeNotice.decode(payload) is None
    assert ChangeNotice.decode('{"a":"k","o":"x","t":"a b"}') == ChangeNotice("k", "x", None)


def test_the_account_key_is_stable_short_and_hides_its_parts() -> None:
    key = account_key("ivc", "https://ivc.example", "AKIDsecretid")
    assert key == account_key("ivc", "https://ivc.example", "AKIDsecretid")
    assert key != account_key("cloudapi", "https://ivc.example", "AKIDsecretid")
    assert len(key) == 16 and "AKID" not in key
