from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "openid" VARCHAR(64) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "id_type" VARCHAR(40),
    "id_number_sealed" TEXT,
    "id_number_index" VARCHAR(64),
    "id_number_masked" VARCHAR(32),
    "name" VARCHAR(64),
    "bound_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL
) /* A login identity (a WeChat openid) and, once bound, its real-name person. */;
CREATE INDEX IF NOT EXISTS "idx_users_id_numb_826cd8" ON "users" ("id_number_index");
CREATE TABLE IF NOT EXISTS "events" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "entity" VARCHAR(24) NOT NULL,
    "entity_id" BIGINT NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "from_state" VARCHAR(24),
    "to_state" VARCHAR(24),
    "actor" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "data" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* One state change of a declaration, payment or payment item: who, what, from, to, why, when. */;
CREATE INDEX IF NOT EXISTS "idx_events_entity_268127" ON "events" ("entity", "entity_id");
CREATE TABLE IF NOT EXISTS "channel_notifications" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "channel" VARCHAR(24) NOT NULL,
    "notification_id" VARCHAR(64),
    "event_type" VARCHAR(40),
    "out_trade_no" VARCHAR(32),
    "verdict" VARCHAR(16) NOT NULL,
    "reject_reason" VARCHAR(40),
    "flagged" INT NOT NULL,
    "headers" JSON NOT NULL,
    "body" TEXT NOT NULL,
    "resource" JSON,
    "received_at" TIMESTAMP NOT NULL
) /* Every inbound channel notification, kept raw, with what we did with it. */;
CREATE INDEX IF NOT EXISTS "idx_channel_not_out_tra_d38079" ON "channel_notifications" ("out_trade_no");
CREATE TABLE IF NOT EXISTS "payments" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "out_trade_no" VARCHAR(32) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "channel" VARCHAR(24) NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "description" VARCHAR(127) NOT NULL,
    "state" VARCHAR(20) NOT NULL /* CREATED: created\nAWAITING_PAYMENT: awaiting_payment\nUNKNOWN: unknown\nPAID: paid\nCLOSED: closed\nFAILED: failed */,
    "payer_openid" VARCHAR(64) NOT NULL,
    "prepay_id" VARCHAR(64),
    "transaction_id" VARCHAR(64) UNIQUE,
    "paid_amount_fen" BIGINT,
    "paid_at" TIMESTAMP,
    "failure_code" VARCHAR(64),
    "failure_reason" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
) /* Money moved (or to be moved) through one channel for one or more declarations. */;
CREATE INDEX IF NOT EXISTS "idx_payments_user_id_d6dc35" ON "payments" ("user_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_payments_state_4bcd2f" ON "payments" ("state", "updated_at");
CREATE TABLE IF NOT EXISTS "declarations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "declaration_no" VARCHAR(32) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "relation" VARCHAR(16) NOT NULL,
    "payer_id_type" VARCHAR(40) NOT NULL,
    "payer_id_number_sealed" TEXT NOT NULL,
    "payer_id_index" VARCHAR(64) NOT NULL,
    "payer_id_masked" VARCHAR(32) NOT NULL,
    "payer_name" VARCHAR(64) NOT NULL,
    "insurance_type" VARCHAR(32) NOT NULL,
    "payment_kind" VARCHAR(16) NOT NULL,
    "grade" VARCHAR(32),
    "contribution_base_fen" BIGINT,
    "period_start" VARCHAR(6) NOT NULL,
    "period_end" VARCHAR(6) NOT NULL,
    "assessment_no" VARCHAR(40) NOT NULL,
    "agency" VARCHAR(128) NOT NULL,
    "amount_due_fen" BIGINT NOT NULL,
    "lines" JSON NOT NULL,
    "state" VARCHAR(16) NOT NULL /* DECLARED: declared\nPROCESSING: processing\nVOIDED: voided */,
    "active_key" VARCHAR(160) UNIQUE,
    "paid" INT NOT NULL,
    "voided_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "current_payment_id" BIGINT REFERENCES "payments" ("id") ON DELETE RESTRICT,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
) /* A payer's declared fee for one insurance type and period, from an upstream assessment. */;
CREATE INDEX IF NOT EXISTS "idx_declaration_payer_i_01bb6b" ON "declarations" ("payer_id_index");
CREATE INDEX IF NOT EXISTS "idx_declaration_user_id_e406ba" ON "declarations" ("user_id", "created_at");
CREATE TABLE IF NOT EXISTS "payment_items" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "posting_no" VARCHAR(40) NOT NULL UNIQUE,
    "posting_state" VARCHAR(16) NOT NULL /* NOT_POSTED: not_posted\nPOSTING: posting\nPOSTED: posted\nUNKNOWN: unknown\nFAILED: failed */,
    "posting_ref" VARCHAR(64),
    "posting_reason_code" VARCHAR(40),
    "posting_reason" TEXT,
    "posting_attempts" INT NOT NULL,
    "posted_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "declaration_id" BIGINT NOT NULL REFERENCES "declarations" ("id") ON DELETE RESTRICT,
    "payment_id" BIGINT NOT NULL REFERENCES "payments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_payment_ite_payment_142457" UNIQUE ("payment_id", "declaration_id")
) /* One declaration's share of a payment, and its posting to upstream. */;
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXW1z4jgS/isqvuxsFTuVkNdLXV0VSZhZbiaQSpidvZ1suQQW4IuRWFtOhtqb/36SX/"
    "CrjAU2cRR/SUBWS+bpliw93S3/3VoQHZn2+y82sloX4O8WhgvEPsTK26AFl8uwlBdQODbd"
    "ig6r4ZbAsU0tOKGscApNG7EiHdkTy1hSg2BetQtMMjMwMHSEqUFX4B0EX9HVHFJAlggb+s"
    "8AYr0NCJ4gMCYO/2xQG1gImr/wGwNL1hfB73l3Opmw/gw8K71lBxt/OUijZIbo3IXl25+s"
    "2MA6+o7s4OvyUZsayNRjqBk6b8At1+hq6Zb1Mf3gVuQ3PdYmxHQWOKy8XNE5wevaBqa8dI"
    "YwsiBFvHlqORxM7JimD3qAr3enYRXvFiMyOppCx+Qq4dLeDYRlLU0bDEfafW+kaa2UugKJ"
    "CM5+0YRgrmp2q7b762f8Fn7pHB6fHZ8fnR6fsyruba5Lzn54XYfAeIIuPINR64d7HVLo1X"
    "AxDkH1NJgGlqnXykY2lEigy247iW6AZX3hXcDvmonwjM7Z19PjHCx/695d/dq9e3d6/DPv"
    "kLDh6A3SgX+l417icIfwWmjG70gC3lCiHHiDghDfcALZO8CHpwUAPjwVAswvxQE2fEwlEI"
    "6IbAWxb5/1RPj4oADCxwdChPmlFMLYWYyRpdlsQkcZc8UIfRfOwmlZFTDPwXjU+33EW17Y"
    "9l9mFNt3N93fXdgXK//K5+HgY1A9oourz8NLoQ7cHyxp7UnRijSg0rwdoraA9mOW0RdBPJ"
    "RVwejjmB91CmB+1BFizi/FMXf/S+Ac1FcP2/Lt2V2Wa5Cm8b1mGFFjgbIxjsolcNZ9wffB"
    "h9eHet403r/p3Y+6N7exufy6O+rxK53YPB6UvksuXNaNgK/90a+AfwV/DAc9F01i05nl9h"
    "jWG/3R4vcEHUo0TJ41qEcxCYqDopiGJ2y7xXDfQsdxyRK0XLs1KPuB+hCbK98CX4na/cGS"
    "0jrfIE8fI7s5XjCGk8dnaOla7EpoHjqamJDpjEFnpw3k0pf+8OkOmW6lDFPwWYvrsKVXaA"
    "s/AusPSkObCMFawtUCcYGdgLr1WlEJJG5ppENEtpe+tOgskiUQw5n7k3jfvCcfrt4TcjtK"
    "0WTehXYeT4aeAnVtJsqGGAGbMmWAyRziGQJkCiCIjI828PUPiLX+aFC0uADPc9JmfyBtg6"
    "lFFm1A3e8r/gdlUGcV97WZTPvW8jg7Xtv7pBl6608pju3SmL0Vmu0fnc7R0Vnn4Oj0/OT4"
    "7Ozk/GDNt6Uv5RFvl/2PnHuLPRY2k3GhroqugUMJBdmiTpFlcEe8DO6klsHhEJCy8pjYZm"
    "N/DUDv0d5D+Nm8LMmGhhIK2nf5XB1/UGjuA0cG5LiUetvp8ucRtiKXRjkq02C8GWM29Ikl"
    "OVd4AgpOFVV4pqCdNReLyfxQYn8At1rVbnH2xuDzNV8a7H/fDwfZYAf1k3SMMaHgf8A07M"
    "pWHa1/Th3sPnbB2DFMamD7Pe/2Xy+gCo5PviqSqLfjFAtvIKmKhikTTzpvlimrktmIMmYZ"
    "/EaCUBOzHEkOr0hQ0BKukPWT7XMOSAdThMCUWIBgBNjQdizIw3a4bnkUDw/VMYjuUQ6sAD"
    "hL1geC7LNtI9vm/ERWhFBV3RRhOHiQlL83iwzQhuOoJ8cRMWI2VmXWd2lJ5QKQyneqNgFI"
    "FQcgWRE/QHGIhb6DBuQskN3Hi7ZFrFdKUEG4y6eR1qhtHfglbkEJBex797iGUzr8Ky1ZlQ"
    "JUCv9aoyYf/ZUhqoTJV71Q8XCTjQGLSykIdAWhjcFuTD5wOiWpIOCVWDbfz2qP7PdJ2nZM"
    "TkGwy18pziyoSxn1WkA9n0z5psy6Yzcwdtw9+BjaSJuijJ1PHpsibGIrv3rd8H8Rt7pHpn"
    "HvopVBaedMMAk5BSeYIvOLeHpJ70M9xJDkRB6TalDehHLIAUsyhClBBbEuf7cPGR4Tqaiz"
    "UEJBgA8750UWJZ1z8aqEX0tgvCAOs0rd2eKJmZZtQtC2flaaBkYZcd1iR/xaoB6eeN6fMp"
    "74nBiqHnYWrkL67A75njOlmN2CqfY0GlrXvavP3bve9cXaNfqAb++GV737+/7g4wVYWmTC"
    "nllMKw/4t2H/mtd8IobuMUcvv5/iAZhPSHtEcg+ImFQpO6saeekOT4s8g1mtHJwzOPdMvz"
    "QhJoJYRBBkuqbHTKaqEbAu2e/sczkcfo7NPpf9JGv+5eayx0B3IWeVDCp4AHiDa4vgn5hg"
    "kwvZ5EI2EV4vH+EV1bqz1LfUelyy0XpdtJ4x2FO5mhPHsviGP2DLZaO7suUbMnLbDVYkGi"
    "+uBKEGIhIqbWx3OrIrFbkaBziN7gdiIWOGP6FVateUnZ0cHD73ysAVpSazYgs+r6M9o0bF"
    "fjv7xchbEN6x+eaufzVq5U0iJcBbPPm7ZrNGUYCz500B1kVOKFg3RNGinMz7PmtJIROvNP"
    "ue7eUxRuaAUGNqTISx6lnV2nkx6xNPgD29Q4mCweu9J2StgIHdM2iA3xCINtQGj2hJAbPL"
    "Nng26NxNlwfPCOiG7hUYGdHqJbZb8mmWTRR6uasScRS6r3UZTisiUmfGcUtOq/z8zeiAyl"
    "wQ5pzslRZVLzqj/Mgu9xQU6aiuuJR6OJfvMCUOw4uHDUm6p5Nyyp3DWH7AEXtUc0ebDMoR"
    "EQXn6SoSWP6LJlQT5YPnZbEkBJu5o8AJHSaczbIiynM9PRGpxtkj4eyZIzbbWlL+/ohIPT"
    "z+SuXej4me4UgW5xEF9ZWYyfedNcT0QBxrkrEaFJt/VGYn+6/ZvL5vQ7fQBBlPW3mjEqKN"
    "O6ou7qiaHzMRUM4ZtF2EjRZTddFTTzezczcEoxVYEGao4B2xACVgjLzvPwM6t4gzm7unPw"
    "QEW3AaBPu3IBaKnoJpp0m68pvf4SiJNvgWhptFnMXNGRP1ZPdedINeM4U050vsE+Dyt+cN"
    "U139SYNegP22gflNUP5283f0TKDwZiXsPCGmoK0fdvLADXNRznJyUc6S5v4Gou6v7npsL3"
    "B9AfxV3APufu32R/3BR+22+5+b3mB0AeAzNChTRRDB8IC/DD4Nhl8HF8DBj2x9jx/wbbfP"
    "GuFx1g+Y7fzu3SZNYvMWP3T7n/n3KTTM7aL1O0XYxY6YXewIDm6Rf6dfUq7Oyq2Nu21pIY"
    "abpGszJqQeYV4+yqwrbHvHgEtCnZZULRGlioNvDLaz3XI9lCHcxNFuuybywJQmDyNiTY5K"
    "fcLW09kKfNngWIipTu68kqRc8wzZPKsFmMmfeZ6WVAHvfTuimnwssemr5Qpp8rFU1nqRfK"
    "wm/6fJ/6lBesrm/J8iOSlzDvFLvTqznouG/DdnNsk7IpT24Pl3IRN7/wNEN0YAhClYxd6m"
    "GRkgP9nAZlsX/0WXfntt95UPBrUBf9Yw9Lg3P3jjQ/ZLM3dvMsPd/60Vye+L9OD58ZuknX"
    "pQIGK3fuOne2lOyhtrklEVcSnlYioqOH7fB2wnR12qkT2+tA0TqvH+UWAMhR13/Nrt8N71"
    "3YWtPGBe5p2X5f0sr4TXCmqknXe7O+gqeJGFrxULTbcZQr6YChxU5Z6MNWScuZOmWQXi6i"
    "Ff3fQlz7amJVXAe99sa4AipGwZv6QZ2zGxBy9DdH/rpYNqF0s7ETJJgLfiNWOCjXuuPixm"
    "mrxuXBbi4fQ6yevGZfEWtV7EZRF9saQsw5OWbfiFHWJetjvDr4Sz+96uAnJcTS9xHFrdFF"
    "HU4VToHDTBrFMCwHKupdcKcnq2lXbuVemH6SLLmMxbGS4Y/0o7z/sCwzqb3C5iYEs+keyt"
    "eDZ23BuKfRZPyLIl01oiIgrG4XdOTopkPZyciNMe+LVEBhcbVBII+9UVRPfwoNCrCQ5yXk"
    "1wkCL0+CvbMpcB4mMkIiL7P0XlZSiO0o6ReNHjBH78H0keXco="
)
