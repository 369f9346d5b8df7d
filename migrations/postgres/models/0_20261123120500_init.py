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
    "verdict" VARCHAR(16) NOT NULL,
    "reject_reason" VARCHAR(40),
    "flagged" BOOL NOT NULL,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "resource" JSONB,
    "received_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_channel_not_out_tra_d38079" ON "channel_notifications" ("out_trade_no");
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
    "eJztXW1z4jgS/isqvuxMFTuVOK+XutoqkjCz3CSQSpid3Z1suQQW4IuRWFtOhtqb/36SX/"
    "C7scAGR/GXBGS1ZJ6W2tLT3fI/rTnRkGF9+GIhs3UB/mlhOEfsQ6S8DVpwsQhKeQGFI8Op"
    "aLMaTgkcWdSEY8oKJ9CwECvSkDU29QXVCeZVO8AgUx0DXUOY6nQJ3kHwFV3NIAVkgbCuvQ"
    "cQa21A8BiBEbH5Z51awETQ+JnfGFiwvgj+wLvTyJj1p+Np6S3bWP/bRiolU0RnDizf/mLF"
    "OtbQd2T5XxdP6kRHhhZBTdd4A065SpcLp6yH6UenIr/pkTomhj3HQeXFks4IXtXWMeWlU4"
    "SRCSnizVPT5mBi2zA80H183TsNqri3GJLR0ATaBlcJl3ZvIChrqWp/MFQfukNVbSXU5UuE"
    "cPaKxgRzVbNbtZxfP+W38LNyeHx2fH50enzOqji3uSo5++F2HQDjCjrw9IetH851SKFbw8"
    "E4ANXVYBJYpl4zHdlAIoYuu+04uj6W9YV3Dr+rBsJTOmNfT49zsPytc3/1a+f+3enxe94h"
    "YdPRnaR974riXOJwB/CaaMrvSADeQKIceP2CAN/AgOwc4MPTAgAfnmYCzC9FAdY9TAUQDo"
    "lsBLE3PuuJ8PFBAYSPDzIR5pcSCGN7PkKmajGDjlJsxRB9z7TCSVkZMM/BeNj9fchbnlvW"
    "30YY23e3nd8d2OdL78rNoP/Jrx7SxdXN4DJTB84PFhztcdGKNCCT3Q5Qm0PrKW3QF0E8kJ"
    "Vh0EcxP1IKYH6kZGLOL0Uxd/4L4OzXlw/b8sezsyxXIU3ie80wovocpWMclovhrHmCH/wP"
    "rw/1PDPeu+0+DDu3dxFbft0ZdvkVJWLH/dJ38YXLqhHwtTf8FfCv4M9Bv+ugSSw6NZ0eg3"
    "rDP1v8nqBNiYrJiwq1MCZ+sV8U0fCYbbcY7hvoOCpZgpZrtwZlP1AbYGPpjcBXonZvsiS0"
    "zjfIk6fQbo4XjOD46QWamhq5EgwPDY0NyHTGoLOSA+TSk/74+R4ZTqWUoeCxFtdBS69wLP"
    "zwR79fGoyJAKwFXM4RF9gKqDu3FZlA4iONKCRr7CUvzZV5vARiOHV+Eu+b9+TB1X1GTkcJ"
    "msy90M7jydCzr671RNkAI2BRpgwwnkE8RYBMAASh+dEGnv4BMVcfdYrmF+BlRtrsD6RtMD"
    "HJvA2o833J/6AU6qzivtaTad9aLmfHa7ufVF1r/SXEsV3q07dCs/1LUY6OzpSDo9Pzk+Oz"
    "s5PzgxXflryUR7xd9j5x7i3yWFhPxgW6KroGDiQkZIuUIstgJXsZrCSWwcEUEBrlEbH1g/"
    "01AL3D8R7Az+yyIBsaSEg4vsvn6viDQnUeOCIgR6Xk206Xb0fYilwY5bBMg/F6jNnUJ6ag"
    "rXAFJDQVVXimoJVmi7PJ/EBidwC3WtVucXbG4PM1XxLs/zwM+ulg+/XjdIw+puB/wNCtyl"
    "YdrX9PbOw8dsHI1g2qY+sD7/aXPaiC45Ovijjq7SjFwhuIq6JhyrKNzptlyqpkNsKMWQq/"
    "ESPUslmOOIdXJChoAZfI/MnyOAekgQlCYEJMQDACbGrbJuRhO1y3PIqHh+roRHMpB1YA7A"
    "XrA0H22bKQZXF+Ii1CqKpuijAcPEjK25uFJiir9q01tk2TNaV6zIrDffBy53bZt8AnurrH"
    "IDbAuUW+ZjNpw5jUlDEJTQk280VWi0lJ6cKZynfRNuFMFYczmSGvQnGIMz0RDchpIK+sv2"
    "jkWEJQQrjLJ6VWqG0cRpbdghQK2PVeNLn6EZ4A28WSFVCATMFkK9TEY8lSRKUY8lUvVFzc"
    "RCPKolISAl1BoGRi31Q4TDK545IP8EpGtrOVfWK/T3BsR+QkBLv8leLUhJrQoF4JyOfhKX"
    "8os+7YDYxsZw8+ghZSJyhl55PHpmQ2sZGXvm7478VJH+G9RAxMTE5CA1PEvmSbl+Q+1EUM"
    "CRryiFSD8jqUA0ZZkCFMCEqIdfm7fcjwGAvFsAUSEgJ8qJwXWZQo59mrEn4thvGc2GxUav"
    "YGT8ykbBPQtvGz0tAxSokSz3brrwTq4dfn/Unj18+JyOpie+4opMfukO85E4rZLjRrR7Oh"
    "dd29uuncd68vVo7WR3x3P7jqPjz0+p8uwMIkY/bMYlp5xL8Nete85jPRNZc52v9+iodzPi"
    "P1CYk9ICJSpeysauSlOzwt8gxmtXJwTuHcU/3ShBgI4iyCINU1PWIyVc2AVclurc/lYHAT"
    "sT6XvThr/uX2sstAdyBnlXSa8QBwJ9cGoUQRwSazssmsbOLF9h8vFta6vdA21HpUstF6Xb"
    "SeMtkTmZ8pAWPJp2geH5kq35CRm26wQrF9USVkaiAkIdPGdqsDwBJxsFGAk+h+JCbSp/gz"
    "WiZ2Tem5zv5Rdq8M3KxEZ1ZswpdVtGd4ULHfzn4xcheE98ze3Peuhq08I1ICvMVTyWtmNY"
    "oCnG43M7Auct7BqiGK5uXk8fdYSxIN8Upz+dleHmNk9AnVJ/o4M/I9rVo7LwJ+7Aqwp3cg"
    "UTAUvvuMzCXQsXOiDfAaAuGG2uAJLShg47INXnQ6c5LvwQsCmq65BXpK7HuJ7ZZ8NmYThV"
    "7uqiQ7Ct3TuginFRKpM+O4IadVfjZoeEKlLghzzglLisoXnVF+ZJdzpopwVFdUSj6cy3eY"
    "EpvhxcOGBN3TcTnpTnUsP+CIPaq5o00E5ZCIhHa6igSW/6IxVbOyy/OyWGKCje0ocN6HAa"
    "fTtIjyXE9PSKpx9gg4e2aIWVtTyN8fEqmHx1+qTP4R0VIcydl5RH59KSz5rrOGmB6IbY5T"
    "VoPZwz8ss9X4r5ld3/VAN9EY6c8beaNioo07qi7uqJofWuFTzim0XYiNzqbqwmeormfnbg"
    "lGSzAnbKCCd8QElIARcr+/B3RmEns6c86S8Ak2/2wJ9m9OTBQ+U9NKknTlN7/lwRSrcLOQ"
    "s7g5Y6Ke7N5eN+g1U0hzvsQuAS5/e94w1dWfW+gG2G8amN8E5W9mv8NnAgU3KzDOY2ISjv"
    "VDJQ/cIBflLCcX5Sw+3N9A1P3VfZftBa4vgLeKe8Sdr53esNf/pN51/rjt9ocXAL5AnTJV"
    "+BEMj/hL/3N/8LV/AWz8xNb3+BHfdXqsER5n/YjZzu/BadIgFm/xY6d3w79PoG5sFq2vFG"
    "EXlWx2Uck4uEX8DYFxuTortzbutoWJGG6Crs2IkHyEefkos66w5R4qLgh1UlK2RJQqDr7R"
    "2c52w/VQinATR7vpmsgFU5g8DIk1OSr1CVtPZivwZYNtIqY6sfNK4nLNM2S9VfMxEz9BPS"
    "kpA967dkQ1+VjZQ18uV0iTjyWz1ovkYzX5P03+Tw3SU9bn/xTJSZlxiPf1Is56Lhry38PZ"
    "JO9kobQDz78DWbb330d0bQRAkIJV7N2coQnykwUstnXxXpvptdd2XiChUwvwZw1Dj3vz/f"
    "dHpL+Cc/smU9z931qh/L5QD64fPxIIEH7XgPdocvvx3gjWeP7r6flvXHn7pq28aSIWeBGV"
    "ki7sooIT+iPWKBXp9b68RCM7fEscJlTl/SN/MBT27fFrd4MHx70XtPKIeZl7pJb7s9wSXs"
    "uvkfTvbe/Dq+BdF55WTDTZZAp5YjLQVJU7O1aQcXJPmInNEJcP+erMlzghm5SUAe9dE7I+"
    "ipCylf6CpuzYsp18KaK7Wy8dVLtY2oqziQO8EfUZEWw8ePUhOpP8duPVyJ5Or5Pfbrwab1"
    "HrRbwaST6oOLeQwiU1/MLmYTGbHfNXwvF+b1cBOd6ofZyYVjdFFPVJFToqLcPqlACwmPfp"
    "tYKctLbC/r8qXTUdZOrjWSvFS+Ndaec5aGBQZ51nJhvYkg8teyuejS33htk+i2dkWoKZLy"
    "ERCUP1lZOTIokRJyfZmRH8WizJi00qAYS96hKie3hQ6O0FBzlvLzhIEHr8rW6py4DskyZC"
    "Irs/aGU/FEdpJ03s9cSBH/8Hu8SGhQ=="
)
