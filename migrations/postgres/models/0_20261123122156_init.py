from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "openid" VARCHAR(64) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "id_type" VARCHAR(40),
    "id_number_sealed" TEXT,
    "id_number_index" VARCHAR(64),
    "id_number_masked" VARCHAR(32),
    "name" VARCHAR(64),
    "bound_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_users_id_numb_826cd8" ON "users" ("id_number_index");
COMMENT ON TABLE "users" IS 'A login identity (a WeChat openid) and, once bound, its real-name person.';
CREATE TABLE IF NOT EXISTS "events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "entity" VARCHAR(24) NOT NULL,
    "entity_id" BIGINT NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "from_state" VARCHAR(24),
    "to_state" VARCHAR(24),
    "actor" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_events_entity_268127" ON "events" ("entity", "entity_id");
COMMENT ON TABLE "events" IS 'One state change of a declaration, payment or payment item: who, what, from, to, why, when.';
CREATE TABLE IF NOT EXISTS "channel_notifications" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "channel" VARCHAR(24) NOT NULL,
    "notification_id" VARCHAR(64),
    "event_type" VARCHAR(40),
    "out_trade_no" VARCHAR(32),
    "out_refund_no" VARCHAR(64),
    "verdict" VARCHAR(16) NOT NULL,
    "reject_reason" VARCHAR(40),
    "flagged" BOOL NOT NULL,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "resource" JSONB,
    "received_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_channel_not_out_tra_d38079" ON "channel_notifications" ("out_trade_no");
CREATE INDEX IF NOT EXISTS "idx_channel_not_out_ref_e3546a" ON "channel_notifications" ("out_refund_no");
COMMENT ON TABLE "channel_notifications" IS 'Every inbound channel notification, kept raw, with what we did with it.';
CREATE TABLE IF NOT EXISTS "payments" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "out_trade_no" VARCHAR(32) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "channel" VARCHAR(24) NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "description" VARCHAR(127) NOT NULL,
    "state" VARCHAR(20) NOT NULL,
    "payer_openid" VARCHAR(64) NOT NULL,
    "prepay_id" VARCHAR(64),
    "transaction_id" VARCHAR(64) UNIQUE,
    "paid_amount_fen" BIGINT,
    "paid_at" TIMESTAMPTZ,
    "failure_code" VARCHAR(64),
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_payments_user_id_d6dc35" ON "payments" ("user_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_payments_state_4bcd2f" ON "payments" ("state", "updated_at");
COMMENT ON COLUMN "payments"."state" IS 'CREATED: created\nAWAITING_PAYMENT: awaiting_payment\nUNKNOWN: unknown\nPAID: paid\nCLOSED: closed\nFAILED: failed';
COMMENT ON TABLE "payments" IS 'Money moved (or to be moved) through one channel for one or more declarations.';
CREATE TABLE IF NOT EXISTS "declarations" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "declaration_no" VARCHAR(32) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "relation" VARCHAR(16) NOT NULL,
    "payer_id_type" VARCHAR(40) NOT NULL,
    "payer_id_number_sealed" TEXT NOT NULL,
    "payer_id_index" VARCHAR(64) NOT NULL,
    "payer_id_masked" VARCHAR(32) NOT NULL,
    "payer_name" VARCHAR(64) NOT NULL,
    "payer_nationality" VARCHAR(64),
    "insurance_type" VARCHAR(32) NOT NULL,
    "payment_kind" VARCHAR(16) NOT NULL,
    "grade" VARCHAR(32),
    "contribution_base_fen" BIGINT,
    "period_start" VARCHAR(6) NOT NULL,
    "period_end" VARCHAR(6) NOT NULL,
    "assessment_no" VARCHAR(40) NOT NULL,
    "agency" VARCHAR(128) NOT NULL,
    "amount_due_fen" BIGINT NOT NULL,
    "lines" JSONB NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "active_key" VARCHAR(160) UNIQUE,
    "paid" BOOL NOT NULL,
    "voided_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "current_payment_id" BIGINT REFERENCES "payments" ("id") ON DELETE RESTRICT,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_declaration_payer_i_01bb6b" ON "declarations" ("payer_id_index");
CREATE INDEX IF NOT EXISTS "idx_declaration_user_id_e406ba" ON "declarations" ("user_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_declaration_current_34b321" ON "declarations" ("current_payment_id");
CREATE INDEX IF NOT EXISTS "idx_declaration_payer_i_5db79b" ON "declarations" ("payer_id_index", "insurance_type", "period_start");
COMMENT ON COLUMN "declarations"."state" IS 'DECLARED: declared\nPROCESSING: processing\nVOIDED: voided';
COMMENT ON TABLE "declarations" IS 'A payer''s declared fee for one insurance type and period, from an upstream assessment.';
CREATE TABLE IF NOT EXISTS "payment_items" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "amount_fen" BIGINT NOT NULL,
    "posting_no" VARCHAR(40) NOT NULL UNIQUE,
    "posting_state" VARCHAR(16) NOT NULL,
    "posting_ref" VARCHAR(64),
    "posting_reason_code" VARCHAR(40),
    "posting_reason" TEXT,
    "posting_attempts" INT NOT NULL,
    "posted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "declaration_id" BIGINT NOT NULL REFERENCES "declarations" ("id") ON DELETE RESTRICT,
    "payment_id" BIGINT NOT NULL REFERENCES "payments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_payment_ite_payment_142457" UNIQUE ("payment_id", "declaration_id")
);
CREATE INDEX IF NOT EXISTS "idx_payment_ite_declara_874e46" ON "payment_items" ("declaration_id", "posting_state");
COMMENT ON COLUMN "payment_items"."posting_state" IS 'NOT_POSTED: not_posted\nPOSTING: posting\nPOSTED: posted\nUNKNOWN: unknown\nFAILED: failed';
COMMENT ON TABLE "payment_items" IS 'One declaration''s share of a payment, and its posting to upstream.';
CREATE TABLE IF NOT EXISTS "refunds" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "out_refund_no" VARCHAR(32) NOT NULL UNIQUE,
    "channel" VARCHAR(24) NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "reason_code" VARCHAR(40) NOT NULL,
    "reason" TEXT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "refund_id" VARCHAR(64) UNIQUE,
    "failure_code" VARCHAR(64),
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "succeeded_at" TIMESTAMPTZ,
    "payment_id" BIGINT NOT NULL REFERENCES "payments" ("id") ON DELETE RESTRICT,
    "payment_item_id" BIGINT UNIQUE REFERENCES "payment_items" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_refunds_state_d0ba9d" ON "refunds" ("state", "updated_at");
CREATE INDEX IF NOT EXISTS "idx_refunds_payment_2ed3ff" ON "refunds" ("payment_id", "id");
COMMENT ON COLUMN "refunds"."state" IS 'CREATED: created\nPROCESSING: processing\nSUCCEEDED: succeeded\nFAILED: failed\nUNKNOWN: unknown';
COMMENT ON TABLE "refunds" IS 'Money sent back through the payment''s own channel: one share of a payment at most once.';
CREATE TABLE IF NOT EXISTS "saved_payers" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "id_type" VARCHAR(40) NOT NULL,
    "id_number_sealed" TEXT NOT NULL,
    "id_number_index" VARCHAR(64) NOT NULL,
    "id_number_masked" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "nationality" VARCHAR(64),
    "active_key" VARCHAR(96) UNIQUE,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_saved_payer_id_numb_399b56" ON "saved_payers" ("id_number_index");
CREATE INDEX IF NOT EXISTS "idx_saved_payer_user_id_448344" ON "saved_payers" ("user_id", "deleted_at");
COMMENT ON TABLE "saved_payers" IS 'A person on a user''s list of saved payers (代缴人名单). Deleting is soft: the row and its';
CREATE TABLE IF NOT EXISTS "batch_debit_settings" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "region" VARCHAR(16) NOT NULL,
    "payer_id_type" VARCHAR(40) NOT NULL,
    "payer_id_number_sealed" TEXT NOT NULL,
    "payer_id_index" VARCHAR(64) NOT NULL,
    "payer_id_masked" VARCHAR(32) NOT NULL,
    "payer_name" VARCHAR(64) NOT NULL,
    "insurance_type" VARCHAR(32) NOT NULL,
    "year" INT NOT NULL,
    "grade" VARCHAR(32),
    "amount_fen" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "active_key" VARCHAR(112) UNIQUE,
    "voided_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_batch_debit_payer_i_72fb26" ON "batch_debit_settings" ("payer_id_index");
CREATE INDEX IF NOT EXISTS "idx_batch_debit_user_id_c24f7e" ON "batch_debit_settings" ("user_id", "year");
COMMENT ON COLUMN "batch_debit_settings"."state" IS 'ACTIVE: active\nVOIDED: voided';
COMMENT ON TABLE "batch_debit_settings" IS '批量扣款缴费金额设置: the yearly amount a payer chose for the bank''s batch debit of one';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXW1v4rgW/isWX6YjsaOWvldXV6ItM8vODFQtM7N3hxUyiYHcgsPmpR20O/99bSchL0"
    "5oHBKaupYqCo6PkzzHduzznHPyd2Nh6mhuv/tiI6txAf5uYLhA5EusvAkacLkMS2mBA8dz"
    "VtElNVgJHNuOBTWHFE7g3EakSEe2ZhlLxzAxrdoGc3NqYGDoCDuGswJ7EHxDVzPoAHOJsK"
    "G/BRDrTWBiDYGx6dLvhmMDC8H5L/TCwJKcy8Tv6Ol0UyPnM/C09JZdbPzlopFjTpEzY7B8"
    "/5MUG1hHP5Ad/FzejyYGmusx1AydNsDKR85qycq62HnPKtKLHo80c+4ucFh5uXJmJl7XNr"
    "BDS6cIIws6iDbvWC4FE7vzuQ96gK93pWEV7xIjMjqaQHdOVUKlvQsIyxqjUa8/GN11BqNR"
    "g1NXIBHB2S/STExVTS7VZnc/pZfwS+vg6PTo7PDk6IxUYZe5Ljn96Z06BMYTZPD0Bo2f7D"
    "h0oFeDYRyC6mmQB5ao10pHNpRIoEsuO4lugGV94V3AH6M5wlNnRn6eHG3A8mv79urX9u3e"
    "ydFbekKTDEdvkPb8Iy12iMIdwmuhKb0iAXhDiXLgDQpCfMMJZOcAH5zkAPjgJBNgeigOsO"
    "FjKoBwRKQQxH7/rCfCR/s5ED7az0SYHuIQxu5ijKyRTSZ0lDJXDNCPzFmYl5UB8w0YDzq/"
    "D2jLC9v+ax7Fdu9z+3cG+2LlH/nU730Iqkd0cfWpf5mpA3bDgr09KVqRBmSat0PUFtC+T+"
    "v0eRAPZWXo9HHMD1s5MD9sZWJOD8UxZ/8FcA7qy4dt+f2ZLctH0OHxvSYYOcYCpWMclUvg"
    "rPuC74IvLw/1TdN493PnbtD+fBOby6/bgw490orN40HpXnLhsm4EfOsOfgX0J/ij3+swNE"
    "3bmVrsjGG9wR8Nek3QdcwRNh9HUI9iEhQHRTENa2S7RXAvoOO4ZAlart0alNyg3sfzld8D"
    "X4ja/cHCaZ1ukCf3kd0cLRhD7f4RWvoodiTsHjrS5pDojEBn8x3k0pd+//EWzVmllK7gWy"
    "2uw5ZeYF/4GfT+oDTsEyFYS7haICqwFVA3XiuygmTDBzJpEKh8E1VxoO5oSze0IVmxGkNH"
    "m5Fzjw2H7IQchzS4JWaXtMVr2uCd155M0NEJzWyZWVMcf2jRWiRLIIZTdkv03PRMPnCdB8"
    "ROxFljvQPNTeZY9BDMCk/bY/sYAdshygDaDOIpAuYEQBCZhpvAn2aAaa2/Gg5aXIDHmdkk"
    "H9BpgollLprAYb9X9AOlWGgrPtfTNtvvDc80TGt730aG3vhTyJR7aUxfizX3vNU6PDxt7R"
    "+enB0fnZ4en+2vzbr8oU323cvuB2rija0+nrb5hrrKu9UKJSQ0Srby7LZa2butFrfbCoeA"
    "UC+PiT3d2V8C0Dvs7yH8ZF4WNLqHEhL27/JNwvRBMWIPHBGQ41LyWW3Kn0fIxk8Y5aiMwv"
    "hpjMnQNy3BucITkHCqqIIAhXbaXJzNGYUSuwO40ah2i7Mzooiu+Xiwf7vr99LBDuonrX6G"
    "5oB/wNywK1t1NP4zcTF77IKxa8zJFtZ+R0/732dQBcVnsyqSqDfjljzaQFIVyiCbPem8Wo"
    "NslZaNqGE2xb6RsNtmWzmSpuI8vmfMDPjG9m0OSAcThMDEtICJESBD27Ug9Q6juqXOYtQj"
    "zDB1z+RACoC7JOdAkHy3bWTb1D6R5ohW1WnyWDioL56/N4sMUFLte0NzLYs0NfItK8z2Qc"
    "vZ5ZJfIfW+vsbQBYVdIl2zWY6ymNTUYhIZEmTki6wWeUnpvObK9wRQXnMVe81ZEX4hP8SZ"
    "nIQCOQ3k9ewv6qDICUoId/lGqTVqhb0Vs1uQQgG73ovyqx/hAbCdy2IOBcjks7hGTdxlMU"
    "VUii5f9ULFw03UcTEuJSHQVfVtzBYgcC7IXqYKy2cbr8ALmtut5vaB5ve58nXzSuYTZkC4"
    "J/cn2MNjchKCXf76fGpBXahTrwXkmzvK78rkdOQCxi6zfIyhjUYTlLLf3GTDymyikG9E3f"
    "B/FteImLVRZIJJyEk4weSZX7KnF3737yGGBCfymJRC+SmUQzu+oF2WE5QQ6/JtLJDgoQmt"
    "vUMJCQE+aJ3lWZS0zrJXJfRYAuOF6ZJeqbsFnpi8rHIjLPysnBsYpXjpZztTrAXq4U1Bzy"
    "eNN8UGP7gOdhdMIV1yhXTPySlmO4e4HY2GxnXn6lP7tnN9saa3h/jmtn/Vubvr9j5cgKVl"
    "auSZRbQyxF/73Wta88E0dM9e9/z7KepE+4BG90jsARGTKmVnVSNu9OAkzzOY1NqAcwrTke"
    "oNYJpzBHGWgSDVIWBMZKoaAeuS3c4+l/3+p9jsc9lNchVfPl92COgMclLJcDIeAN7gKuDA"
    "FRNUYdMqbFp56T2/l15U6+5SL6j1uKTSel20njLYuSjcFDc9/im6yR6ZKq+MkUU3WBGPyr"
    "gSMjUQkZBpY7tVdj/O+zgOMI/ue9NCxhR/RCtu15Qeax7kqXxh4GaFl5NiCz6ufWyjnYrc"
    "O7lj5C0Ib8l8c9u9GjQ2TSIlwJs/T0TNZo28AKfPmxlY50lmsm7IQYtyknR0SUsSdfFKMy"
    "iQvTzGaN4zHWNiaJnxBmnVmpviDjRPgDy9Q4mcAQidB2StgIFZuirgNwSiDTXBPVo6gPTL"
    "Jng0nBlLeQAeEdAN3SswUiIOSmy35MS3yve/3FVJtu+/r3URm1ZEpM4Wx4I2rfJjcKMDKn"
    "VBuCEJIC8qn3dG+Z5dLJONsFdXXEo+nMsnTE2X4EXdhgTp6aScdClby3c4opBZaELzVYpj"
    "HROUDuzy5w+yLqKspgjMEREJH4pVxGj9H2m0Z6YnUNgUqJUQVBN1jpQ2czidpgVNbKTVIl"
    "KKWRNg1maIPNrS0kZmO1dEROrhXiFVsoqxqaew9tmhckF9KWbyXQfGET2YrqWlLL2zu39U"
    "Zqv+X7N5fdcd3UIaMh4KUX8JUcX91YX7q3lelsC+n2IjjZj+s+2i0WzUT5tCP5sYrcDCJB"
    "0V7JkWcEwwRt7vt8CZWaY7nbF0KYE1M0ifQv4tTAtF08bavEW0/Oa3zL2y9u2LMPMqjUo9"
    "TanPag2pmUJUCpVdAlz+9lzRAtWn5vSiGYpGQagIiGLzdzTtVXixAv08ISZhXz9obQI3DP"
    "w53RD4c5rs7q8gxOHqtkP2AtcXwF/FDXH7W7s76PY+jG7a//vc6Q0uAHyEBn2hReAuMsRf"
    "eh97/W+9C+Die7K+x0N80+6SRqhT+xCTnd8da3Ju2rTF9+3uJ/p7Ao15sdCIVh7rYivbut"
    "jKyE0k/q7VpFydlVsbbmJpIYKbII8cE5LPYF4+yuRU2Pby5gtCzUvKFvVTRf4bg+xsC66H"
    "UoSV03LRNZEHprDxMCKmAoLqEyPAh4bQZYNrIaI6seQwSTn1DHl6VgswE39JAC8pA967Jq"
    "JU8Ft215eLClHBbzJrPU/wmwq2UsFWNYgFejrYKk8A0IxC/FyvNK7nomHzC2hVpFQelDwv"
    "4C1xumWNyATRDpwjWK/KdpAIOt2TThJhSGC+N/RG5pA3NrDJ7s5/ea7fXpO9RsZwbEAfxw"
    "Q96vAQvEUm/UW82zeZ4hHxvRGJN42cwXN1iPlKRN844j+9vfP47wVUzhH1dI5QbOdzW/b8"
    "YSLmmxKXks4zpYL3dMRmo1Skn6Y7uUZ2+K5IbDojen4UdIbc9Cc9dtO/Ywxo2MoQ0zIvxZ"
    "t3W14JrRXU4CnQ7WnOCt5442uFrKOKDCFfTAZLXuV80Boyav8UNlZniMuHfHXTl7jNmpeU"
    "Ae9d26wDFKFDVvpLJ2Wzls2Dpojubr20X+1iaSuzVhLgQtbhmKAiOetjC+YpAEX8ZA+nl0"
    "kBKOLnNWo9D/HD24Py2xZSbEnKvlDcc6hY2skS0k2+XgVsIOyeI4Nf3RSRl7bLlbovY9Yp"
    "AWAxgu6lgszPtsIUqRBVkyS+snmvPkYDk3yUyH7Vc3WfTn4J8Fn+/adQWSEy2SxWhIDMG+"
    "lrk2EJqILX0bfODAVc0xsbmI84iMW9YIG4PCMFoAMWZNFBDmsoK+S3kvPkif1NDfClkb/x"
    "OYl8KmarnszWM2fmqplKqn7voopLVXGpUk4w0eVKIdajDLajdgqomO4Qpzm2pDfqBvCu+Y"
    "2XFgUcWIQbYvinhAJnvevs7svVVafDXndmu5qGkM6H+fIMeXIZ+zyMuL96EQuQjAmp2Mg4"
    "xtlRRCpiS0Vsyf50UMRddtd/mRSOIu5eo9bzEHfrxU4BvSdllTtGfRTNj2/FDNaFmnXQor"
    "gWQuFS0mu8EsuxYmh3x9CKEIfpo4PXRcANimkiZxhhrcaEsCrCCSGPPraKo7uDD0i/oenC"
    "GincY+RocxP/aNN6I5Z1LCcJ2QZLUtfEgPxBQKN739gsFTll/lhzwGsO7A3dI4QOh+7p5P"
    "CIfh/DoXt8tK+Tz8Pj47fvwDVFiAbEGTawzYlzwShGy3wMIuY4anKnZx9i9v4jctSBKy+K"
    "LxqCDO4RWlIZw/LIUHO5opfh06Ts0ihFViTpsdd3VG7jZ18yZJOchg86p4JsA1RERApTed"
    "VcBMELu4sxGRU2gn7QU17zU5qsFKDv2gIVAsluWLC/J0WrUoFM9u0QtgW079O6fR7IQ1kp"
    "un3VbhTsvwDQQX0JwS2/R2O2YoJzw0l56dAmjGNiMvAHVSNN06w+oNE9EgI6LiUbA3meh+"
    "U9z2Z5zzmWN7I851DebKeNSyorbZ2ttIp7yx5gL5OFUdzba9R6Hu5NZUtU2RJrYEneJlti"
    "lVnbLqGjza7R2HDukON4d8oZnflKzU225zGtTu6R1B/ZnkBOG/TQPWmdng/d8wNtQr+fHJ"
    "LP8SEKjL1n+iE7qh+Qz7NznZSMx+zoCfKsvCsErfkKeA7aXsAKsoA2M23EXmBH64whvn9j"
    "A3aZgF0mte6aGHFW6We+niEm86Ch04AbA9uuRUcQoOPmHRgEtmhq5KaN0A5GvyxsNJ+APR"
    "i1WhukFm2FbLfeFjFa05tQ5uqamqvV++GqzoXFXt1TgBXgBCWEu4K0TAFqhRmC7BakUMDO"
    "8zQFcArTBLykYglyZIQLUBMnCVJEpejyVXMEHm6iTEFcSkKgK2DAgmWsOMXOSUoIePk9my"
    "3dOZgzl+ZBdWX4SPEtndIXV4v02bWAfARX+T1VxWI/s+v0S4tXFVdAo3016H7tXACPFh3i"
    "r/0ui0Z9MA29LqmXFdGbgvJBnumG1MrG+YCbcDylF6CDYoKK6a0P+aOYXvk5P8X0vkatK6"
    "ZXMb31eCy+WKa3jSxDmzVS6F3/SHMTpwvDOk+xuNmIPk07CnGMr4Vg3NKAkU0dPiDLFuQO"
    "IyJ13ukV3Ge0jo/zpJg7Ps7OMUePJTZ0ZFAJIOxXlxDdg/08ZCGplb2L2+foQnJGJzWy+L"
    "e7fi9jaR+KJFd4huaAf1jc4QtEewO4FIzNxGCSA0ysz2gDl2nLg10+zH7+C/Q25Gg="
)
