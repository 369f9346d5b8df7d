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
    "eJztXWtv27gS/SuEvzQFvEXivIOLCziJ2/W2tYPEbfduvTBoibZ1Y1NeiUpq7Pa/L0lJ1t"
    "sRZclRGAJFalMcSj5Djcg5M6O/GwtTR3P73RcbWY0L8HcDwwWiHyLtTdCAy2XQyhoIHM95"
    "R4f24C1wbBMLaoQ2TuDcRrRJR7ZmGUtimJh1bYO5OTUwMHSEiUFWYA+Cb+hqBgkwlwgb+l"
    "sAsd4EJtYQGJsO+2wQG1gIzn9hFwaW9FwmfsdOp5saPZ+Bp6WP7GDjLweNiDlFZMZh+f4n"
    "bTawjn4g2/+6vB9NDDTXI6gZOhuAt4/Iasnbupi85x3ZRY9Hmjl3FjjovFyRmYnXvQ1MWO"
    "sUYWRBgtjwxHIYmNiZzz3QfXzdKw26uJcYktHRBDpzphIm7V5A0NYYjXr9weiuMxiNGgl1"
    "+RIhnL0mzcRM1fRSbf7rp+wSfmkdHJ0enR2eHJ3RLvwy1y2nP91TB8C4ghye3qDxkx+HBL"
    "o9OMYBqK4Gk8BS9VrpyAYSMXTpZcfR9bGsL7wL+GM0R3hKZvTrydEGLL+2b69+bd/unRy9"
    "ZSc06e3o3qQ970iLH2JwB/BaaMquSADeQKIceP2GAN/AgOwc4IOTHAAfnGQCzA5FATY8TA"
    "UQDokUgtibn/VE+Gg/B8JH+5kIs0MJhLGzGCNrZFODjlJsxQD9yLTCSVkZMN+A8aDz+4CN"
    "vLDtv+ZhbPc+t3/nsC9W3pFP/d4Hv3tIF1ef+peZOuA/WHC2x0Ur0oBMdjtAbQHt+7RJnw"
    "fxQFaGSR/F/LCVA/PDVibm7FAUc/6/AM5+f/mwLX8+82X5CJIkvtcUI2IsUDrGYbkYzron"
    "+M7/8PJQ32TGu587d4P255uILb9uDzrsSCtix/3WvfjCZT0I+NYd/ArYV/BHv9fhaJo2mV"
    "r8jEG/wR8Ndk3QIeYIm48jqIcx8Zv9poiGNbrdorgX0HFUsgQt124NSn+g3sfzlTcDX4ja"
    "vZsloXW2QZ7ch3ZzrGEMtftHaOmjyJFgeuhIm0OqMwqdnZwgl570+4+3aM47pUwFz2txHY"
    "z0AufCT3/2+63BnAjAWsLVAjGBrYC6cUeRFSQbPlCjQaHyXFTFgbpjI92wgWTFagyJNqPn"
    "HhuE7oQIoQNuidklG/GaDXjnjicTdMygmS0zy8QlDy1ai3gLxHDKfxI7NzuTB1znAfETJb"
    "yx7oHmJncsevCtwtP+2D5GwCZUGUCbQTxFwJwACEJmuAk8MwNMa/3RIGhxAR5nZpP+gaQJ"
    "Jpa5aALCv6/YH5Tioa34XE/7bL83XNcw6+1+Ghl6408hV+6lMX0t3tzzVuvw8LS1f3hydn"
    "x0enp8tr926yYPbfLvXnY/MBdvZPXxtM830FXerVYgIaFTspVnt9XK3m21Erut4BYQmuUR"
    "sacn+0sAeofzPYCf2mVBp3sgIeH8Lt8lzB4UI/7AEQE5KiWf16Z8O0I3fsIoh2UUxk9jTG"
    "990xK0Fa6AhKaiCgIU2mm2OJszCiR2B3CjUe0WZ2dEEVvzJcH+7a7fSwfb7x/3+hkaAf+A"
    "uWFXtupo/GfiYP7YBWPHmNMtrP2Onfa/z6AKhs9mVcRRb0Y9eWyAuCqUQzbb6Lxah2yVno"
    "2wYzbFvxHz22Z7OeKu4jyxZ9wN+Mb2fA5IBxOEwMS0gIkRoLe2Y0EWHcZ0y4LFWESYYequ"
    "y4E2AGdJz4Eg/WzbyLaZfyItEK2q0+TxcLBYPG9vFrpBabfvDc2xLDrUyPOscN8Ha+eXS7"
    "8F1Pv6GoMQFH6JbM1mEeUxqanHJHRL0DtfZLWYlJQuaq78SAAVNVdx1JwV4hfyQ5zJSSiQ"
    "00BeW3/RAMWEoIRwl++UWqNWOFoxewQpFLDrvWhy9SN8A2wXsphDATLFLK5REw9ZTBGVYs"
    "pXvVBxcRMNXIxKSQh0VXMb8wUInAuyl6nC8vnGK4iCTuxWc8dAJ/e58k3zSuwJdyDc098n"
    "OMMjchKCXf76fGpBXWhSrwXksx3lT2V6OnoBY4d7PsbQRqMJStlvbvJhZQ5RKDaibvg/S2"
    "hExNsoYmBichIamDz2Jdu8JHf/LmJI0JBHpBTKT6Ec+PEF/bIJQQmxLt/HAikemtDaO5CQ"
    "EOCD1lmeRUnrLHtVwo7FMF6YDp2VulPgiZmUVWGEhZ+VcwOjlCj97GCKtUA9oinY+aSJpt"
    "gQB9fBzoIrpEuvkO05E4rZLiBuR3dD47pz9al927m+WNPbQ3xz27/q3N11ex8uwNIyNfrM"
    "oloZ4q/97jXr+WAauuuve/79FAuifUCjeyT2gIhIlbKzqhE3enCS5xlMe23AOYXpSI0GMM"
    "05gjjLQZAaEDCmMlXdAeuW3Vqfy37/U8T6XHbjXMWXz5cdCjqHnHYySMYDwL25CgRwRQRV"
    "2rRKm1ZRes8fpRfWurPUC2o9Kqm0Xhetp9zsiSzclDC95FN0kz8yVV45I4tusEIRlVElZG"
    "ogJCHTxnar6n6J6OMowEl035sWMqb4I1oldk3pueZ+ncoXBm5WejlttuDjOsY2PKnob6e/"
    "GLkLwltqb267V4PGJiNSArz560TUzGrkBTjdbmZgnaeYyXogghblFOno0pEkmuKVVlCge3"
    "mM0bxnEmNiaJn5BmndmpvyDjRXgD69A4mcCQidB2StgIF5uSrgDQTCAzXBPVoSQOdlEzwa"
    "ZMZLHoBHBHRDdxuMlIyDEsctufCtiv0vd1WSHfvvaV3EpxUSqbPHsaBPq/wc3PANlbog3F"
    "AEMCkqX3RG+ZFdvJKNcFRXVEo+nMsnTE2H4sXChgTp6bicdCVbyw84oo9qRrSJoBwSkdBO"
    "V5E29H+kkVFWTv+m3KGYoLIdOaqszOF0mhbHv5HpCUkpskeA7Jkham3TKhlm8/0hkXow/l"
    "LVTxibegqRnJ295feXwpLvOleL6sF0LC1lNZg9/cMyW83/mtn1XU90C2nIeCjERsVEFR1V"
    "Fzqq5qVCfJdzitsu5I3OdtWFCyQ/7Z37bGK0AguTTlSwZ1qAmGCM3O9vAZlZpjOd8Qoevo"
    "PNr+hB/1uYFgpXMrWTTrryh9+yHMg63CxEFqvKHvX07j3rBr1mClFVPXYJcPnbc+Wprr5a"
    "pBtgXzQwXwXlF7Pf4UpMwcUKzPOYmIRz/aC1CdwgF+V0Qy7KaXy6v4Ko+6vbDt0LXF8Abx"
    "U3xO1v7e6g2/swumn/73OnN7gA8BEa7B0LfgTDEH/pfez1v/UugIPv6foeD/FNu0sHYXHW"
    "Q0x3fnd8yLlpsxHft7uf2PcJNObFovVbebyLrWzvYiujXI746z/jcnVWbm3otqWFKG6C1G"
    "ZESD6Hefko01Nh2y3lLgh1UlK2RJQqSrIYdGdbcD2UIqziaIuuiVwwhZ2HITGVo1KfsPVk"
    "tgJbNjgWoqoTq1cSl1PPkKetmo+ZeN36pKQMeO+aiFL5WNlTXy4qROVjyaz1PPlYKv9H5f"
    "/UID3l6fyfPDkpMwbxc71lt56Lhs3vRFXJO3lQstDEwfqWON3yQWSCaAfBEXxWZQdI+JPu"
    "ySCJIEst30tjQzbkjQ1survz3ufqjdfkbzYxiA3Y45iixwIe/BebpL8bdvshUyIivjdCKZ"
    "ChM7ihDpFYifBLMLynt3se71V1KjiinsERiu18bs+ed5uIxaZEpaSLTKng1RERa5SK9NN0"
    "Z2KQHb6+EJtkxM6P/MmQm/5kx276d5wBDUYZYtbmVh1zf5bbwnr5PZIU6PY0ZwUvYfG0Qt"
    "dRRW4hT0wGT17lfNAaMub/FHZWZ4jLh3x15kvcZ52UlAHvXfusfRQhoSv9JUnZrGXzoCmi"
    "u1sv7Ve7WNrKrRUHuJB3OCKoSM76+IKTFIAifrJvp5dJASji5zVqPQ/xk/QH5fctpPiSlH"
    "+heORQsUqIJVRAfL0K2EDYPUdRubopIi9tl6uaXIbVKQFgMYLupYKctLbCFKkQVRMnvrJ5"
    "rz5GA5P+KZH9qufqPp38EuCzvN+fQmUFyGSzWCECMm+mr01vS8AUvM6+JTPkc01vbGA+Yj"
    "8X94In4iYZKQAJWNBFBz2soayU30rOkyf3NzXBl2X+Rm0S/auYrXoyWyx9153ZBfJ+I4LS"
    "0SsVvApQ5aWqvFQpDUx4uVKI9SiD7aidAiqmO8Rpji3pjboBvGt+46VlAfse4YYY/impwF"
    "mv37r7cnXV6fA3cNmOpiGkJ9N8kwx5fBn7PIy4t3oRS5CMCKncyCjG2VlEKmNLZWzJ/nRQ"
    "xF321H+ZFI4i7l6j1vMQd+vFTgG9x2VVOEZ9FJ28vxUzWBdqlqBFcS0EwqWU13glnmPF0O"
    "6OoRUhDtPvjqQufG5QTBM50whrdU8IqyIwCHn0sVUe3R18QPoNKxfWSOEeQ0ebm/hHm/Ub"
    "8apjOUnINljSviYG9B8ELLv3jc1LkTPmjw8H3OHA3tA5Quhw6JxODo/Y5zEcOsdH+zr9e3"
    "h8/PYduGYIsYQ4wwa2OSEXnGK0zEc/Yy5BTe707EPMX8lDjxK4crP4winI4B6hJZMxLJcM"
    "NZcrdhkeTcovjVFkRYoeu3NH1TZ+9iVDNslpeKAnVJDtgAqJSOEqr5qLoHhhZzGmd4WNoJ"
    "f0lNf9lCYrBei79kAFQPIfLDjf46JVqUAm/3YA2wLa92nTPg/kgawU077qMAr+vwDQfn8J"
    "wS1/RmO+YoJzg6S8dGgTxhExGfiDqpFmZVYf0OgeCQEdlZKNgTzPw/KeZ7O85wmWN7Q8T6"
    "C82U8blVRe2jp7aRX3ln2DvUwWRnFvr1Hrebg3VS1RVUusgSd5m2qJVVZtu4REm12jsUHu"
    "ECHuL004nZOdmpt8z2PWnf5G2n9kuwI5fdBD56R1ej50zg+0Cft8ckj/jg+R7+w90w/5Uf"
    "2A/j0712nLeMyPniDXy7tC0JqvgBug7SasIAtoM9NG/AV2rM8Y4vs3NuCXCfhlMu+uiVHC"
    "K/3M1zPE1A4aOku4MbDtWOwOAuy+eQcGvi+aObnZIGyCsQ8LG80nYA+GvdYG7cVGodutt0"
    "Wc1uxHKHd1Td3V6v1wVdfC4q/uKcAKJAQlhLuCskw+aoUZguwRpFDAzus0+XAK0wRJScUS"
    "5KgI56MmThKkiEox5avmCFzcRJmCqJSEQFfAgPnLWHGKPSEpIeDlz2y+dE/AnLk097srx0"
    "dKbOmUvbhaZM6uBeQjuMqfqSoX+5lDp19avqq4Ahrtq0H3a+cCuLToEH/td3k26oNp6HUp"
    "vayI3hSUD/KYG9orG+eDhMFxlV6ADooIKqa3PuSPYnrl5/wU0/sata6YXsX01uOx+GKZ3j"
    "ayDG3WSKF3vSPNTZwuDPo8xeJmI/o07SjEMb4WgnFLB0Y2dfiALFuQOwyJ1HmnV3Cf0To+"
    "zlNi7vg4u8YcOxbb0NGbSgBhr7uE6B7s5yELaa/sXdx+gi6kZySpmcW/3fV7GUv7QCS+wj"
    "M0Av7heYcvEO0N4DIwNhODcQ4wtj5jA1ymLQ92+TD7+S/MPm74"
)
