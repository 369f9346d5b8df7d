"""cert_hash and identity_card: what queryverifyinfo sends instead of the person's id number and name."""

from __future__ import annotations

import base64
import hashlib

import pytest

from payment_channels.face import (
    CERT_TYPE_IDENTITY_CARD,
    VERIFY_IN_PROGRESS,
    VERIFY_NOT_FINISHED,
    VERIFY_PASSED,
    FaceCheck,
    cert_hash,
    identity_card,
)

ID_NUMBER = "11010519491231002X"
NAME = "张三"
# the worked example of WeChat's 注意事项 (face2/api_getfaceidentifyimage)
DOC_CERT_INFO = {"cert_type": "IDENTITY_CARD", "cert_name": "张三", "cert_no": "310101199801011234"}
DOC_CERT_HASH = "3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b"


def test_cert_hash_follows_wechats_worked_example() -> None:
    assert cert_hash(**DOC_CERT_INFO) == DOC_CERT_HASH


def test_cert_hash_is_sha256_of_the_base64_fields_in_order() -> None:
    def b64(value: str) -> str:
        return base64.b64encode(value.encode("utf-8")).decode()

    joined = f"cert_type={b64('IDENTITY_CARD')}&cert_name={b64('欧阳娜娜')}&cert_no={b64(ID_NUMBER)}"
    expected = hashlib.sha256(joined.encode()).hexdigest()
    assert cert_hash(cert_type="IDENTITY_CARD", cert_name="欧阳娜娜", cert_no=ID_NUMBER) == expected
    assert len(expected) == 64 and expected == expected.lower()


@pytest.mark.parametrize("change", [{"cert_name": "李四"}, {"cert_no": "310101199801011235"},
                                    {"cert_type": "PASSPORT"}, {"cert_name": "张三 "}])
def test_any_difference_changes_the_hash(change: dict[str, str]) -> None:
    assert cert_hash(**{**DOC_CERT_INFO, **change}) != DOC_CERT_HASH


def test_identity_card_is_what_getverifyid_receives() -> None:
    assert identity_card(ID_NUMBER, NAME) == {
        "cert_type": CERT_TYPE_IDENTITY_CARD, "cert_name": NAME, "cert_no": ID_NUMBER}


def test_identity_card_normalises_so_both_calls_agree() -> None:
    assert identity_card(" 11010519491231002x ", " 张三\n") == identity_card(ID_NUMBER, NAME)
    assert cert_hash(**identity_card("11010519491231002x", NAME)) == cert_hash(**identity_card(ID_NUMBER, NAME))


@pytest.mark.parametrize(("verify_ret", "pending"),
                         [(VERIFY_PASSED, False), (VERIFY_IN_PROGRESS, True), (VERIFY_NOT_FINISHED, True),
                          (10004, False), (90002, False)])
def test_pending_means_not_finished_yet(verify_ret: int, pending: bool) -> None:
    check = FaceCheck(passed=verify_ret == VERIFY_PASSED, verify_ret=verify_ret)
    assert check.pending is pending
    assert not (check.passed and check.pending)
