from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "audit_entries" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "operator" VARCHAR(32) NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "target_type" VARCHAR(24) NOT NULL,
    "target_id" VARCHAR(64) NOT NULL,
    "remark" TEXT NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "data" JSONB NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_audit_entri_operato_79ee99" ON "audit_entries" ("operator", "created_at");
CREATE INDEX IF NOT EXISTS "idx_audit_entri_target__3e4608" ON "audit_entries" ("target_type", "target_id");
COMMENT ON TABLE "audit_entries" IS 'Who did what, when, to what, and why: every dashboard action, sign-in and unmasking.';
        CREATE TABLE IF NOT EXISTS "manual_refunds" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "payment_id" BIGINT NOT NULL,
    "payment_item_id" BIGINT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "active_key" VARCHAR(32) UNIQUE,
    "requested_by" VARCHAR(32) NOT NULL,
    "request_remark" TEXT NOT NULL,
    "decided_by" VARCHAR(32),
    "decision_remark" TEXT,
    "decided_at" TIMESTAMPTZ,
    "refund_id" BIGINT,
    "outcome" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_manual_refu_payment_9e6318" ON "manual_refunds" ("payment_id");
CREATE INDEX IF NOT EXISTS "idx_manual_refu_state_f7726e" ON "manual_refunds" ("state", "created_at");
COMMENT ON COLUMN "manual_refunds"."state" IS 'REQUESTED: requested\nAPPROVED: approved\nREFUNDING: refunding\nREJECTED: rejected\nCANCELLED: cancelled';
COMMENT ON TABLE "manual_refunds" IS 'A person''s request to refund one share that did not post, approved by another person.';
        CREATE TABLE IF NOT EXISTS "operators" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "username" VARCHAR(32) NOT NULL UNIQUE,
    "display_name" VARCHAR(32) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "failed_sign_ins" INT NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "disabled_at" TIMESTAMPTZ,
    "last_sign_in_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "operators"."role" IS 'VIEWER: viewer\nOPERATOR: operator\nAPPROVER: approver';
        ALTER TABLE "refunds" ADD "offline_reference" VARCHAR(64);
        COMMENT ON COLUMN "refunds"."state" IS 'CREATED: created\nPROCESSING: processing\nSUCCEEDED: succeeded\nFAILED: failed\nUNKNOWN: unknown\nOFFLINE: offline';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "refunds" DROP COLUMN "offline_reference";
        COMMENT ON COLUMN "refunds"."state" IS 'CREATED: created\nPROCESSING: processing\nSUCCEEDED: succeeded\nFAILED: failed\nUNKNOWN: unknown';
        DROP TABLE IF EXISTS "operators";
        DROP TABLE IF EXISTS "audit_entries";
        DROP TABLE IF EXISTS "manual_refunds";"""


MODELS_STATE = (
    "eJztXW1z27gR/isYfUkyo8vYsuMknk5nZFu5010subKctD11WEiELNYUqPLFPrXNfy8Aku"
    "IbKBM0KVEwZjKOTWJB8llwCeyzu/hva2npyHTe3znIbp2D/7YwXCLyS+J4G7TgahUdpQdc"
    "ODVZQ4+0YEfg1HFtOHPJwTk0HUQO6ciZ2cbKNSxMm3aBad0bGBg6wq7hrsFbCL6jywV0gb"
    "VC2NDfAYj1NrDwDIGp5dHfDdcBNoLmT/TGwIpcy8Lv6eV0a0auZ+D7ynv2sPFvD2mudY/c"
    "BYPl93+QwwbW0R/ICf9cPWhzA5l6AjVDpx2w45q7XrFjfex+YQ3pTU+1mWV6Sxw1Xq3dhY"
    "U3rQ3s0qP3CCMbuoh279oeBRN7phmAHuLr32nUxL/FmIyO5tAzqUqotH8D0bGWpg2GY+22"
    "N9a0VkZdoUQM5+DQzMJU1eRWHfb09/QWfuocn348/XRydvqJNGG3uTny8Yd/6QgYX5DBMx"
    "i3frDz0IV+C4ZxBKqvwSywRL02H9lIIoUuue00uiGWzYV3Cf/QTITv3QX58+x0C5bfuqPL"
    "X7qjt2en7+gFLfI6+i/pIDjTYaco3BG8NrqndyQAbyRRDbzhgQjfyIDsHODjswIAH5/lAk"
    "xPJQE2AkwFEI6JlII4GJ/NRPj0qADCp0e5CNNTGYSxt5wiW3OIQUccWzFGf+Ra4aysDJhv"
    "wXjc++uY9rx0nH+bcWzfXnf/ymBfroMzX4eDn8PmMV1cfh1e5OqAPbDgaE+L1qQBmex2hN"
    "oSOg+8QV8E8UhWhkGfxPykUwDzk04u5vRUEnP2vwDOYXv5sK1+PLNpuQbdLL5XBCPXWCI+"
    "xnG5FM56IPg+/OXwUN9mxvvXvdtx9/omYcuvuuMePdNJ2PHw6Nv0xGXTCfjeH/8C6J/g78"
    "NBj6FpOe69za4YtRv/vUXvCXqupWHrSYN6HJPwcHgooeFHZBvkQcooOSWq9HwQep6uRYxl"
    "Skw+m9kpYjM7+Tazk7GZMxtRLEq8UEnJCt6nxq3qyAPqQ2yug1FxIC9YMIAz7xd1Oc0fYv"
    "4RemAKZw9P0Na1xJloeOhoZkKiMwKdkx0gF4H0l99GyGSNOEMh8ANeRT0d4Fj4EY7+8Gg0"
    "JiKwVnC9RFTgRUDd+L3ICpIDH4nRIFAFTt/yQN3Snm5oR7JiNYXubEGuPTVczUGuSzp8IW"
    "YXtMcr2uGt359M0FGDZnWsPBOXPbXsLNNHIIb37JHotemVAuB6j4hdKMNv+Cfa2wgO9Bha"
    "hecZjiFGwHGJMsBsAfE9AtYcQBAzw20QmBlg2ZtfDRctz8HTwmqTH9Btg7ltLdvAZX+v6Q"
    "/E4TxqvtbzLMjvLZ9soa393zRDb/1DiBy5MO5fCz/yudM5OfnYOTo5+/Th9OPHD5+ONkRJ"
    "9tQ2xuSi/zMlTRKzj+dZlEhXRefjkYSEbv7q5+LRKyA0yhNizw/2QwB6h+M9gp/YZUEaK5"
    "KQcHxXT7LQD4XGPjgiICel1Jr+eTtCFn7CKMdlFMbPY0xefcsWtBW+gISmoo6QAujwbHE+"
    "CxtJ7A7gVqveJc7OqFc658uC/evtcMAHO2yf9voZMxf8D5iGU9uso/WnuYfZZxdMPcMkS1"
    "jnPb3sn/egCorPdlWkUW8nPXm0g7QqlEM23+i8WodsnZ6NuGOW499I+W3zvRxpV3GRaE7m"
    "BnzjBD4HpIM5QmBu2cDCCJBX27MhjbekuqXhlzTG0rB03+VADgBvRa6BIPndcZDjUP8EL7"
    "SzrssU8XDQ6NZgbRZ7QUmz31szz7ZJV1rgWWG+D3qc3S75Kwpm2dxjFNTFbpHO2eygt830"
    "Df2xMsjIZJdRrpRGulJi7woxCSLTyKykdAGq1QfdqADVmgNU7RjxUBziXLJCgcwDefNZEI"
    "0FzghKCHf13qoNaqUDg/N7kEIBu16kZqdFwi/Ay6KDCyhApvDgDWri0cEcUSmGfN0TFR83"
    "0RjhpJSEQNc1tjGbgEBTkNbkCsvnNK8h4SCzjC2cbpBdAMs3zGuxJ8yz8ECeT3CEJ+QkBL"
    "v6+fm9DXWhQb0RkM92VD+UyeXIDUw95vmYQgdpc8RZb27zYeV2USpoomn47yVmIuGGFDEw"
    "KTkJDUwR+5JvXrKrfx8xJGjIE1IK5edQjhz8gn7ZjKCEWFfvY4EEj5nQ3DuSkBDg486nIp"
    "OSzqf8WQk9l8J4aXlkVOpeiS9mVlbFF5b+VpoGRpzw/fwoi41AM8Is6PWkCbPYEiDXw96S"
    "KaRP7pCuOTOKeVmk3I7ehtZV7/Jrd9S7Ot/w3hN8Mxpe9m5v+4Ofz8HKtmbkm0W0MsHfhv"
    "0r2vLRMnTfX7f/9RSNrn1E2gMS+0AkpCpZWTWIGz0+K/INJq224MxhOrjRAJZlIojzHATc"
    "gIApkanrDdgc2a31uRgOvyasz0U/zVXcXV/0COgMctLIcHM+AP7LVSZ3PS6oMtcbnblOVK"
    "WJR6+mxGRwCO2aHoytwGxELJdT6lXL70W9d01+72JBb4IaT0oqLTdZyyo4On+eKFdwdFzr"
    "3kovqfWkpNJ6U7TOedkzxQ840dHZNco2tocrr6iesu6rWCB7Ugm5GohJyOQ2fFGZ4kzSRx"
    "LgLLpfLBsZ9/g3tM74pPglPsKC2wcGbl5VD3LYhk+bDIb4oCLPTp4Y+cvtEbE3o/7luLXN"
    "iFQAb/HyPA2zGkUB5tvNHKyL1JDadOSiZTW1kfqkJ4mGeK2Fay4XEGNkDizXmBuz3DQvXr"
    "P2tnSvmS9Avt6RRMG8r94jstfAwKzuJgg6AvGO2uABrVxAxmUbPBnuglWaAU8I6IbuHzA4"
    "iV4V9ltxBX+VWVXtrCQ/syrQughjEBNpMp9TkjGovvRB/IXiTgi3VDPOisrg6qw7bpYVEB"
    "OOmU1KyYdz9eEolkfwokGZgsE/aTnpas9XH85JIbPRnBbeFsc6ISgd2NXbDzIvojEjIjDH"
    "RCT8KNaRAfsvNHNzmb9tabApQWWoC1QSM+H9PS8lbWvQQkxKxS0IxC0sEPm08ar15oeuxU"
    "SaEbwmVY2gqaVzYqLyowvC9lJY8l3HFVDwNMf4D2funbumT8jszvd9VJc5r2R/vjSkC9j5"
    "cCbyqUyJyfehrGNLHAIZeWY8Y5CIfS+zwuqzKfDZdCzPngmt2CMJNbaL1IjMQzh/XhKXed"
    "HEpGFY73oGYqMZMh5LxWSkRFVQRlOCMhpepzAkXjnkVYyTzSes4ruzPM9RXVsYrcHSIgMV"
    "vLVs4Fpgivy/3wF3YVve/YKVDwxpprCcIPlvadkovo2Ck6Wqqu/+hbUINyktsZCpoBihoa"
    "tSgs0lvPbqs26YQlQZwV0CXL0TVZG39det9zN6y2YCqyzgcvY7Xvo1ulmBcZ4Sk3CsH3e2"
    "gRslv3/ckvz+MT3cX0Ga7+WoRxYGV+cgmNJNcPd7tz/uD37Wbrp/u+4NxucAPkGD7vYWBv"
    "VN8N3gt8Hw++AcePiBTPbxBN90+6QTOt2bYLIMvGVdmpZDe/zS7X+lf8+hYZZLD+4U4YA6"
    "+RxQJ6c+p7VCWCwGJS3XZOU2xteyshHBTTDaJyGkPFrPo0wuhR1/UylBqLOSsmW+11EDkq"
    "5sS86HOMIqtaTsnCj0MWQ0sN2TGBNTaZvNyeTKJvDRaYNnI6I6sQKJaTn1DXneqoWYidcg"
    "yErKgPeuwwVUIvprsGgqET3fwMnFfqlEdJm1znnZM4noKvFZJT7X/1msIPG5SDLugkKc3q"
    "qvfEJuanfAg5yQZPNxE3sWqKzlAij5GTkvxGnEOpEJoh3Ew7BRlR8TEw66Z+NiovT854Nj"
    "hjgRgPLGAQ5ZwyNgzQEEQX9ttpOm4TqAfo4JejTGJdxIMxsQU02XnCCY31ux2g+xK/gBLY"
    "nwmPjeisHX279OsDW6Hw9DDiEVEbN372F+RIyiuPftzg3eGrGApKSUdOFINWxQmDBOXKSf"
    "57gzneyODqXVADTfnLbEVNCi526Gt4z2jnqZYHrMr23tP5Z/hLYKW2R575dz2zVs9RlohU"
    "yryrxCgZgM7tvaScANZNTpLcxQ5IjLh3x95kucqMhKyoD3romKEEXokon/yuWs3fLJb46o"
    "ynLkTYNKOYsTgooHao5rOMsIhG+CjqBOt2spo+q0vNJ4kzWumL98A3qYHJBi/l6j1oswf1"
    "mHYHFvEseZqDxK5QMEy9UAr6D29+tVwBbGdh/llJumiKK8baE6yjlWpwKAxRjaQwU5a22F"
    "OXIhri7NfOYTn0OMxhb5USH92czZPZ/9FCA0g+fncJkRMvk0ZoyBLprd75DXElAFbzLu3Q"
    "UKycY3DrCecJh/f86S77OUJIAuWJJJBzk9Q3lp/rVcp0i+/5ak/rhNIj/9GgDebIaQrtjN"
    "fX9521vYzT0XTm2YSmrO+FcJ6SohXcapfTJ0qxTzVQXj1TgF1Ex5iVNdL6S4mgbwrjmuQ0"
    "v/D33ELTH8OTUA8jb6vr27vOz12F7fm+leOgaCFyUx/PLla3/QI/PT+TwkKvYfJxHMZ8Ry"
    "pRNCKk06iXE2QiJQOJ07IhthsYqWXGEZ2PpdpXGqlFmVMiv7V1pRqvlD/zDJNUWpvkatF6"
    "FUEz5GQb2nZVWgTHMUzQmNUpxtQ0hzFy3LayESrqS+0Svx4CvufHfcuQily387sroIWVsx"
    "TRTM8G3UOyGsisggFNHHi1Jcb+Ej0m9ovcYWhxWOnW1vY4Yd2k5jZR8L0sNdsCJtLQzIPw"
    "ho4v0bh20MQTlZ1h3wuwNvJ94pQicT7+P85JT+PoUT78PpkU5+nnz48O49uKII0VxVwwGO"
    "NXfPGflrW09hMmuGNN7p1SeYbRNKzrpw7SfYxqsDgAeEVlTGsH2a2lqt6W0EBDa7NUpVli"
    "lB748dRTbvfcqQTzYbAegZFeQ7oGIiUlAWdXNCBC/sLafkrXAQDBIQi7qfeLJSgL5rD1QE"
    "JHtgwfGeFq1LBTKxChFsS+g88IZ9EcgjWSmGfd3hLOx/AaDD9hKCW/2IxmzGBE3D5ezNuQ"
    "3jhJgM/EHdSNM6149Ie0BCQCelZON9Pxfh1j/nc+ufM9x6bHqeQXm7nzYpqby0TfbSPiLb"
    "IA9SRs0pUaXnJutZcaz5hvQw2TbFsb5GrRfhWFXBWlWwtgGMwUsK1gol4wmyChfQnS2u0N"
    "Rwb5Hr+k+aIReyjdrbOIYpbU6ekbTXHF+gINcw8c46Hz9PvM/Hszn9/eyE/JyeoNCp/0k/"
    "YWf1Y/Lz02edHJlO2dkz5Hvz1wja5hr4CRF+yhiywWxhOYhtG0vbTCF+eOMAdpuA3Sb14l"
    "vZON59388EEzto6DTlzcCOZ9M3CND35j0Yh5wDJTNoJ3SA0V+WDjLn4C2MsxMGaUV7Icvq"
    "d2XICfoQipZoKC2hNmKtu/4g2yOvBPuTEZQQ7hpK4YWolWaC8nuQQgE7r40XwilMB2UlFR"
    "tUoApniJo4GcQRlWLI180F+biJMkJJKQmBroHpDKex4qEUGUkJAa9+ZLOpewbm3Kl52Fw5"
    "PjgxxPc2FMs/2wjIR2RWP1JV7YM9h8gfWn64uAJa3ctx/1vvHPj09wR/G/ZZ9vejZehNKX"
    "evCH0OysdFzA1plY/zccbg+Eovw/XGBRXT2xzyRzG98nN+iul9jVpXTK9iepvxWTxYpneE"
    "yK3PDNNgMbZXxjwsQsOtMZrTtr296mhcStM3YiI7KW6EwBS5Twhhxm4GhQTfsNQsF/kbIF"
    "qeDeg1bd1huVrh7odvNnsiOjl7K1Z8kQme4H+Sqfc/KRnrj1eyxgC2h4nois0jNmSvQ5AG"
    "OlyDORnHTuxQdE/wngyvNt3Li3SC0ROlgsXLnD6Qw34p06lhmpoeHA5LMio6t5l0ruC67y"
    "ULvobBn1pXFyEWSastK+sMtagqmNZewTRha7Izbz7ICaFtk+4DBHwLwHTSnIKPGW3u8Hze"
    "BRfKNnmctm66/SstqKio/dIb9c7BChq6FtRW1MhnDU0wa0W76Y41MtIGg97XoB3d4BK6Wv"
    "BaTnD3eng3GGvX/dvr7vjyl/Mg0kpbGs6SxlOFm15qdPkxvCMtyeLjb+EWmNqTQbDySHNa"
    "m3yCo600tbsbMl3rda/PY3tqauHHf4JHvS93g/STBMUUk88StEw/zab6dPJ5/Nbk+uPv/c"
    "tNl+TS7pMxK1VosnpP/aE5ilvWyicHRAbq8KY3OAdUkgyyu/FQI/P34ddv1FvMFqFk3WqZ"
    "j7Q+6KDXu7rVbnqj2yGRwAjpjuYXLaDqDIXC9s1wMtMx71J2qkTd9LhcTcSWTGXT91yjvm"
    "HO5V1tYbvz7bYbjXP1UXrkUtihpFPObmD5WGcl5cO7lqCwfRWQaxrSe9oYILe49jb4t5XX"
    "VugXRj+YHmtlY0T48kofZfVhWjNYXhs8aaWLsroI16Sl1ZHTgdJIWY2gR5ptxdsb4FeyRO"
    "QrIS6T9oAZMxf8jxW9q22F/CfymWJTMjD1DJPMhZ339LJ/Flw1V+EVoxglGOdMDkM6XaGd"
    "pJJpB+kcBrb69vi7SG7bcCYuJcM0dde5I6HXQ5sKsRopMRmQr3uBsIFMPOglJaoi2poT5K"
    "Ii2uSPbVIRba9R60Ui2myP71zb6nHwctxqBx3Stt8q9QTTrBKE496SQVUjT+YtyKNR2OAY"
    "OKqCZ4PfAj0VjnojT14s3C0f8yJhXrG4lCh6QsV0NTOmS8UdqbijPVnqgnFHhxbSUSLyaH"
    "Q3GLAdYImFxmz716sh3cNVZ4WWkpu+tkqM6eqDNDZRyBrdNtTJqifXfHMkdzcbPKrXlleW"
    "zh2B5CzgsYhxzkrK56GqPmSAxePx6pnkDuOYhBq+6eGbSq8oCGlKSsGahjUR3CcAbEZOQZ"
    "vhxWzb4iSQ5fMvGwEZzOuuqRfykbLLuQyTkspl2BSXYRFH8dzAhrMopfaUqKKBmuMZ9vWc"
    "8VDmO9FiA8LyeCklF4HYl99GyIQ5FHeBbNADe/Pz/Jc/6vQ6dj3dcHvYtdctjrsxdra9zc"
    "8IaTuNLDpso2hC7feFBXRDB08L6LbJT4TbwLWCP2ky69NifQ7QI7LXQIfOYmqRZwV+bG4b"
    "OMY9/snAftYrphUFCbLZhNq6LlLEC2qt6ODz5wgxepNlvZKPGJH0xzLDkf1p6MpL2lAvaV"
    "yZhXMkYjJN9j41JhvFf+9EII4kJAS4hsSIpNkpnBWRFNthclxrJ0BX7/GPDLo4zC/IO2ky"
    "yHVElS2h/SCyZo8kJIB312t2y3NnllgR4pjILjNqH3YzoqsnVej0I4tvfmB22F4FZW8f7S"
    "WCsh3Ls3lR8luIl42EBMalbtutIkXzoZfLASjgGKrTz3ENsQfNEUt5bHE8HYnz7W2+jiVr"
    "GWS/F3R2dIFfdOGNA2xERpnjUjeE3wWtoAUcYlYQcBfQZf4KWl6LYt8G5D5s6xHpYLoGkB"
    "xeIDvoK+vtqOUqrH5YVME3VkYMPC0ME7EqYeHlyDlaleKcXY3+tjlDevMvL14sLO48Ue6R"
    "RrpH9pgBXsB8y6oPDv4uWpZXQiSswrNLq0JtFaC2ChCbwwefSBSOieJRg72/3PVoQbBzsO"
    "ljgrs3N6OhXwsq+KqHlbv8CEM2HWAxhqPer73LQPxfaMakL7uDy95XFm44owiZjYk4VHsP"
    "ZFGu3ge/GUjCWbFJOQn98bWBrZXxZKYlpQB81z5NHc3YdhliYz0pJUP8V90DnSLmsAwk4Z"
    "HOEZUB8X2NdHGHW1JSRV41LfJKVQJrysojlyHLt24vZcgahvuurZqiEfJfAbloBFVwQmat"
    "cz5um8jXBpBHwzCSj0McDWNRfvmkURgLWH/6vRBD8lrokRemCeUTH3RDJdGtueMy0u2NUs"
    "Pa0XBWJlwL74CelpPCQVK7R8oyS/vOQ9kmA9361u99743OwaOBnpA9wcOb3qg7Ho7YdgrM"
    "RG886KONB91uhgd8BR3nySIfswV0FiKvQkawySoqG8T74UORKN4PH/LDeOm5JOJ+xQWNJo"
    "JoBhbJZeZIqqRbTqnmB7pzDXYNTgGa7VP5tKxyTDVn7p5dspGPMQW5lP8xKar03GQ9m9Bx"
    "Q6NXQtcccaXvJutbOeDyP5aH6YpRDrjXqPWGO+C6yDZmixYvQ90/096anR61UZ63nb0INX"
    "veyKrcEcwWjomoBXCxBTB9qQQQDppLiO7xUaE9n4+27Pl8lN3z2cIuwpyPaH7KX0xk91l/"
    "+5kUV5bft9eP2Y//AwvK4EU="
)
