"""Certificates (完税证明 / 缴费证明): what was certified, its files, and whether it still stands."""

from __future__ import annotations

import enum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app import words
from app.instants import InstantField, Stamped
from app.machines import StateMachine


class CertificateState(enum.StrEnum):
    MAKING = "making"  # 正在制作: the job renders and signs it
    READY = "ready"  # 制作成功
    SUPERSEDED = "superseded"  # a reissue replaced it (what was paid changed); still verifiable as such


CERTIFICATE_STYLE_LABELS = {"table": "表格式", "document": "文书式"}
CERTIFICATE_STATE_LABELS = words.CERTIFICATE_STATE_LABELS


class Certificate(Model):
    """One issued certificate of one payment's posted shares. `active_key` is unique while it
    stands: one live certificate per payment, payer and style, so asking twice gives the same one
    and the 表格式 and the 文书式 are two documents. `title` is the document's name as printed
    (the region's, when it was issued); `tax_bureau` the 税务机关 that issued it."""

    id = fields.BigIntField(primary_key=True)
    certificate_no = fields.CharField(max_length=24, unique=True)
    verification_code = fields.CharField(max_length=16, unique=True)
    user_id = fields.IntField(db_index=True)  # who asked for it
    payment_id = fields.BigIntField(db_index=True)  # 0: a record paid at another channel (receipt_no)
    receipt_no = fields.CharField(max_length=64, null=True)  # that record's 原凭证号
    active_key = fields.CharField(max_length=32, null=True, unique=True)
    region = fields.CharField(max_length=16)
    style = fields.CharField(max_length=16, default="table")
    title = fields.CharField(max_length=64, default="社会保险费完税证明")  # the document's name, as printed
    state = fields.CharEnumField(CertificateState, max_length=16, default=CertificateState.MAKING)
    taxpayer_id_index = fields.CharField(max_length=64, db_index=True)  # blind index of the payer's id number
    taxpayer_id_masked = fields.CharField(max_length=32)
    taxpayer_id_sealed = fields.TextField()  # printed whole on the certificate, as the tax bureau's is
    taxpayer_name = fields.CharField(max_length=64)
    tax_bureau = fields.CharField(max_length=128)
    issued_on = fields.DateField()
    lines: Any = fields.JSONField(default=list)  # insurance type, period, posted_on, amount_fen, voucher_no
    total_fen = fields.BigIntField()
    pdf = fields.BinaryField(null=True)
    pdf_sha256 = fields.CharField(max_length=64, null=True, db_index=True)  # institutions look a PDF up by it
    png = fields.BinaryField(null=True)
    superseded_by_id = fields.BigIntField(null=True)
    made_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "certificates"
        indexes = (("state", "created_at"),)
        manager = Stamped()


C = CertificateState
CERTIFICATE: StateMachine[CertificateState, Certificate] = StateMachine(
    "certificate", Certificate, starts=frozenset({C.MAKING}), moves={
        C.MAKING: frozenset({C.READY, C.SUPERSEDED}),
        C.READY: frozenset({C.SUPERSEDED}),  # what was paid changed: a new certificate replaces it
        C.SUPERSEDED: frozenset(),
    })
del C
