from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "batch_debit_lists" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "batch_no" VARCHAR(32) NOT NULL UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "insurance_type" VARCHAR(32) NOT NULL,
    "year" INT NOT NULL,
    "state" VARCHAR(8) NOT NULL /* OUT: out\nDONE: done */,
    "debits" INT NOT NULL,
    "skipped" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP
) /* One 批扣清册: the debits a batch run sent to the banks for one region, insurance type and */;
        CREATE TABLE IF NOT EXISTS "bank_agreements" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "region" VARCHAR(16) NOT NULL,
    "division_code" VARCHAR(6) NOT NULL,
    "bank_code" VARCHAR(16) NOT NULL,
    "account_sealed" TEXT NOT NULL,
    "account_index" VARCHAR(64) NOT NULL,
    "account_masked" VARCHAR(32) NOT NULL,
    "holder_name" VARCHAR(64) NOT NULL,
    "payer_id_index" VARCHAR(64) NOT NULL,
    "payer_id_masked" VARCHAR(32) NOT NULL,
    "tax_office" VARCHAR(64),
    "agreement_no" VARCHAR(64) NOT NULL,
    "state" VARCHAR(16) NOT NULL /* ACTIVE: active\nREVOKED: revoked */,
    "effective_from" DATE NOT NULL,
    "face_verified" INT NOT NULL,
    "live_key" VARCHAR(120) UNIQUE,
    "revoked_at" TIMESTAMP,
    "bank_cancelled_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
) /* One agreement of a user with a bank account of their own. The account number is sealed */;
CREATE INDEX IF NOT EXISTS "idx_bank_agreem_account_14ac22" ON "bank_agreements" ("account_index");
CREATE INDEX IF NOT EXISTS "idx_bank_agreem_payer_i_20ccaa" ON "bank_agreements" ("payer_id_index");
        ALTER TABLE "payments" ADD "agreement_id" BIGINT;
        ALTER TABLE "payments" ADD "batch_debit_list_id" BIGINT;
        CREATE INDEX "idx_payments_agreeme_df2dba" ON "payments" ("agreement_id");
        CREATE INDEX "idx_payments_batch_d_89be5d" ON "payments" ("batch_debit_list_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_payments_batch_d_89be5d";
        DROP INDEX IF EXISTS "idx_payments_agreeme_df2dba";
        ALTER TABLE "payments" DROP COLUMN "agreement_id";
        ALTER TABLE "payments" DROP COLUMN "batch_debit_list_id";
        DROP TABLE IF EXISTS "batch_debit_lists";
        DROP TABLE IF EXISTS "bank_agreements";"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofUlSpU3FSuw43r1bJdvKjDa25CvLyc6OtjiQCFlcU6CWD3t0d+e/Xw"
    "B8k6BM0KJEwahKOTaJBqXTTTy6Tzf+01paOjKd93cOsltn4D8tDJeI/JK63gYtuFrFV+kF"
    "F05N1tAjLdgVOHVcG85ccnEOTQeRSzpyZraxcg0L06ZdYFr3BgaGjrBruGvwFoIf6GIBXW"
    "CtEDb0dwBivQ0sPENgann0d8N1gI2g+Sf6wcCKPMvC7+njdGtGnmfg+6337GHj3x7SXOse"
    "uQsGy6//JJcNrKPfkRP+uXrQ5gYy9RRqhk47YNc1d71i1/rY/coa0g891WaW6S1x3Hi1dh"
    "cWjlob2KVX7xFGNnQR7d61PQom9kwzAD3E1/+kcRP/IyZkdDSHnklVQqX9DxBfa2naYDjW"
    "bntjTWvl1BVKJHAOLs0sTFVNPqrDvv09/Qh/6hx9+vzp9OPJp1PShH3M6MrnP/xHx8D4gg"
    "yewbj1B7sPXei3YBjHoPoazANL1GvzkY0lMuiSj51FN8SyufAu4e+aifC9uyB/nnzagOX3"
    "7uji5+7o7cmnd/SBFnkd/Zd0ENzpsFsU7hheG93TTyQAbyyxHXjDCzG+8QCyc4CPTkoAfH"
    "RSCDC9lQbYCDAVQDghUgniwD6bifCnDyUQ/vShEGF6K4cw9pZTZGsOGdARZ6wYo98LR+G8"
    "rAyYb8B43Pv7mPa8dJx/m0ls3153/85gX66DO1fDwU9h84QuLq6G54U6YF9Y0NqzojVpQK"
    "ZxO0ZtCZ0HntGXQTyWlcHo05h/7JTA/GOnEHN6K405+18A57C9fNhu357ZslyDbh7fS4KR"
    "aywRH+OkXAZnPRB8H/5yeKhvGsb7173bcff6JjWWX3bHPXqnkxrHw6tvswuXqBPwoz/+Gd"
    "A/wT+Ggx5D03Lce5s9MW43/keLfibouZaGrScN6klMwsvhpZSGH5FtkC9SRckZUaXng9Dz"
    "dC0yWGbE5BszO2XGzE7xmNnJjZkzG1EsKrxQacktvE+N29WRL6gPsbkOrOJAXrDAgHPvF3"
    "U5zR8S/hF6YQpnD0/Q1rXUndg8dDQzIdEZgc7JG8h5IP312wiZrBHHFAI/4GXc0wHawh+h"
    "9YdXY5uIwVrB9RJRgRcBdeP3IitIDnwkgwaBKnD6VgfqlvZ0QzuSFaspdGcL8uyp4WoOcl"
    "3S4QsxO6c9XtIOb/3+5IUOP2iQDJloC6/kOemsG/YlE2J0CrA6VtGkkL+17CyzVyCG9+wr"
    "0WfTJwWg9R4Re1AuIuTfaG8KCaHHUGnPx4SGGAHHJcoAswXE9whYcwBBYuJqg2BgBpYd/W"
    "q4aHkGnhZWm/yAbhvMbWvZBi77e01/IE6UqOZnPR83+rXlh6doa/83zdBb/xQKJ50b968l"
    "ovSl0/n48XPnw8eT0+NPnz8fn36IQkv5W5tiTOf9n2iYKbVeez7uFOuq7A4mlpAwMLL93U"
    "v8CghZeUrseWM/BKB3aO8x/GRcFgz8xRIS2vf2w1J0otDYhCMCclpKeUGeH0fIVlkY5aSM"
    "wvh5jMmrb9mCY4UvIOFQUQcJAzq8sbg4bh1L7A7gVqveLc7OgtV0zZcH+2+3wwEf7LB91k"
    "9qzFzwX2AaTm2rjtZf5h5m0y6YeoZJNv3Oe/rYv+5BFRSfzarIot5O+z5pB1lVKBd28aDz"
    "al3YdXo2kq5sjn8j4+ku9nJknetl+K/McfrGCXwOSAdzhMDcsoGFESCvtmdDylCluqWEVc"
    "pKNSzddzmQC8BbkWcgSH53HOQ41D/BI8PW9ZgyHg7KBw72ZokXlDT7tTXzbJt0pQWeFeb7"
    "oNfZxyV/xfSf6DPGNDj2EemazQ56i5Zv6PeVQSyTPUa5UhrpSkm8K2RIEFlG5iWlo/Run6"
    "akKL01U3rtRNChPMSFgQoFMg/kaFoQZU/nBCWEe/veqgi1ylTq4h6kUMCuN6n5ZZHwC/Ay"
    "PnUJBchEqI5QE+dTc0SlMPm6Fyo+bqKs6rSUhEDXZduYLUCgKRjW5ArL5zSvIUUjt40tna"
    "CR3wDLZ+a1jCfMs/BAvp+ghafkJAR7++vzexvqQkYdCcg3dmzflMnjyAeYeszzMYUO0uaI"
    "s9/c5MMq7KISaaJp+O+FM5FyQ4oMMBk5CQeYMuNL8fCS3/37iCHBgTwlpVB+DuXYwS/ol8"
    "0JSoj19n0skOAxE1p7xxISAnzUOS2zKOmcFq9K6L0MxkvLI1apexVmzLys4hdWnitNAyMO"
    "db+YZREJNINmQZ8nDc1iA0Guh70lU0iffEK658wp5mVMuR29Da3L3sVVd9S7PIvi3hN8Mx"
    "pe9G5v+4OfzsDKtmZkziJameDvw/4lbfloGbrvr9v/foqyax+R9oDEJoiU1FZ2Vg2KjR6d"
    "lJmDSasNOHMiHVw2gGWZCOIiBwGXEDAlMnW9AdGV3Y4+58PhVWr0Oe9nYxV31+c9AjqDnD"
    "Qy3IIJwH+5qmT7JwVVrn+jc/2JqjRx9mpGTAaH0K7Dg4kdmI3IyOVUetWKe1HvXZPfuwTp"
    "TVDjaUml5SZrWZGji9eJcpGjk1r3VnpFraclldabonXOy56recBhR+f3KJuiPVx5Feqp6r"
    "5KENnTSijUQEJCJrfhiwo755I+0gDn0f1q2ci4x9/QOueT4pf3CEuUHxi4RVU9yGUbPkUZ"
    "DEmjIt+dfGPkb7dHZLwZ9S/GrU2DyBbgLV/QqGGjRlmA+eNmAdZlqm5FHblouZ1qUn3Sk0"
    "QmXmvhmosFxBiZA8s15sasMM2L16y9Kd1r5guQ2TuWKJn31XtE9hoYmFUqBUFHINlRGzyg"
    "lQuIXbbBk+EuWKUZ8ISAbuj+BYOT6LXFfstkds1NeH/vO8ttNEPGY5DapXKuGplzFdiDSC"
    "whIdLkSE/FWML2iyIkXzXuUnFDZei8qAxO0LoZtay0mDCbNi0lH87bJ6pYHsGL0jUFaUFZ"
    "Oenq+G+f6Ekhs9GcFjEXxzolKB3Y2x8/yIqJsklEYE6ISDgp1pEb+y80cwtjgpsSZDOCaq"
    "AuUWMsXpQL0BkSUorRIMBoWCAytfEqHxeT2hIizaC1SVU9aGrpHLZUMe8gbC/FSL5rxgEF"
    "T3OM/+OsvQv39CmZ3XnFP9Q1nG/lrMMspAvYOT4RmSozYvJNlHUcL0QgI98ZzxgkYvNlXl"
    "hNmwLTpmN59kxoxx5LKNsuUz2yCOHidUlS5kULk4ZhvesVSNIVnoN/M1sjI6roGk2hazS8"
    "gmEYkuWEtRLR2uJQVvKkm+ejV9cWRmuwtIihgreWDVwLTJH/9zvgLmzLu1+wwoJhACosNE"
    "j+W1o2Sh6w4OSDWNvv/oVVCqNklwSZKihTaKiAV4MDXnv1WTdMIarA4C4B3r4TVQVv669o"
    "7+f6Vs0RVvnB1cbvZFHY+MMK2HlGTEJbP+psAjdOi/+8IS3+c9bcX0EC8MWoRzYGl2cgWN"
    "JNcPdHtz/uD37Sbrq/XPcG4zMAn6BBT84L6X4TfDf4Nhj+GJwBDz+QxT6e4Jtun3RCl3sT"
    "TLaBt6xL03Joj1+7/Sv69xwaZrXE4U6ZGFCnOAbUKajcaa0QFuOgZOWarNzG+FpWNiK4Cb"
    "J9UkLKo/U8yuRR2PGPmxKEOi8pW058HdUh6c624nqII6ySTqquiUIfQ04Dmz2JCTGV0Nmc"
    "HK98ah9dNng2IqoTK52YlVNzyPOjWoiZeHWCvKQMeO+aLqBS1F/DiBad0i2csJqVrGnVIK"
    "sjnH/QPA3aCmuioAOlkIoKUWUbihUiV0RYlW2QWeucCTBXtkGVCVBlAupfKm6hTECZ1PUF"
    "hTh7sGVmHSGQvp45S/MgF+n57PXUCR8qx78ESn6W2gtxGrFOZIJoBxwxZlXFPLHQ6J7lis"
    "XFLJ4njA1xipT1xgHOAtoIWHMAQdBfm507a7gOoNMxQY/yvsJjZ/Mkse10ySGG/dpKVEpJ"
    "PMEneaUoY8mTSIPZ23+O5kdHfY4YuZSkjKVaJER0sh6i5a4VmayhZDLFDtl3JCR4U8S4fG"
    "kp6Zh8NZz6mR2hqtBD8sPczpgEtJCG5o+6LTEVtOi9m+EtY4zEvUwwveYXjPe/ln+Ftgpb"
    "5CkjL6eF1HB+bqAVsvqq8goFYjJEPmqPn0eQ0XiRcHCvQFw+5OsbvsRjfHlJGfDedYwvRB"
    "G6ZH+wcjlbvGLeCEdUJQjzlkGVfMopQRVCbY4HOR84yG0KK6g6K6803mSNqwBh8QB6mKEi"
    "FSB8jVovEyDM+w3Le5M4PkflUarOra1WWH8LBfVfrwI2BHb3UaO8aYooG94tVZy8YNTZAs"
    "BigdxDBTk/2gqH0oVCetkAaXF8dIjR2CI/thglbebqnh8kFYh7Bt+fE/KMkSmOdiYC1WUL"
    "YzjktQRUwVGxCneBwpjkGwdYTzgsXXHG6lbkI5cAumBJFh3k9gwVVcio5TllSmVsqIeRHJ"
    "PIT798hjebIaSr2vD7nnnbG6Kbe6453DCV1FwsQ9VyULUcZFzapxlelSJf24h4NU4BNYe8"
    "xENdLwxxNQ3gXce4Dq1yRugjbonhzymfcTMaXvRub30yhG3NkOMwPsTt3cVFr3dJ20bLvS"
    "wHgseSGH79etUf9Mj6dD4PAxX750kE6xmxMgMpIVVhII1xniERKJyuHZGNsFgxWK6wDNH6"
    "XWVAq2xzlW0u+yytQqrFpn+YwTUVUn2NWi8TUk35GAX1npVVRJnmKJpDjVIx24YEzV20rK"
    "6FWHgrNSVeiQdfxc53FzsXCeny3468LsKorZgmSiYCN+qdEFZFPCCU0ceLMmFv4SPSb2ip"
    "0xYnKpy4294UGXZoO41VTC0ZHu6CFWlrYUD+QUDz89847EwVGpNl3QG/O/B24n1C6OPE+z"
    "z/+In+PoUT7/jTB538/Hh8/O49uKQI0ZRWwwGONXfPWPDXtp7CnNdc0HinT59gdsIuuevC"
    "tZ+HmywiAB4QWlEZw/bD1NZqTT9GEMBmH42GKquc3uDbjgo2733JUBxsNgLQcyoodkAlRK"
    "QIWdQdEyJ4YW85JW+Fg2CQgFjW/cSTlQL0XXugYiDZFxa096xoXSqQKaoQw7aEzgPP7MtA"
    "HstKYfZ101nY/wJAh+0lBHf7Fo3Zigmahss51nYTxikxGeIHdSNNS8Q/Iu0BCQGdlpIt7v"
    "ulTGz9S3Fs/Usutp5YnudQ3uynTUsqL22TvbSPyDbIF6mi5oyo0nOT9axirMUD6WFG21SM"
    "9TVqvUyMVdW1VXVtGxAxeEldW6FkPMGowjktmX9JK+Zf0WPSOZGFTIv2puhCtgC/QKXNiX"
    "fS+fyF/jz5SH6iD8cT7/jodOY76VmXDoCAPQHYHvYTyVyL3Z5C/OBEJyr7Z7S2gYEdz6ZW"
    "B6itUXd+LrywsydP8BpBG7xFkHQCQRAjA0+GuwCcYwvA/5DeDQcY+rs/g9+cB2O1QvpvLP"
    "DhsOc6yKWhDNLCBTPLM3Va+m2CWScscPG0WIO32ALR6RTkQwE0n6MZrTBq0gF/zc4GbAPL"
    "cx1DR6xfMgyaiJ06Rj4b1q0nAk/nQ+fkXcmghopdNDJ24ZuYWI5cUkalxz3rT1RnSdec3x"
    "ANquJhuJykhIBv36LpjCWwbg6bq0Uzh392aMlX4tC2hnfjM7qWmODLIU2O0q1qmVGnJez4"
    "tNCMT/Ou26khVNAxFlBlHHNm7K9E82j+7XY4KCAqxyJZz4kxc8F/2aK2Llxbf5l72F/OTj"
    "3DJEtm5z193l9bNQG+AU0KUcppkgvWZ+Py7bQ3hHag0kVkd2qVcWXODWw4i0pqz4iqQEVz"
    "fJe+nnOutn07hm59V0Nro28obNQu6x4KHRjlPEShj+bL0WweeWqmH1HI9jzVP7K7+hH5ef"
    "pFJ1emU3b3BPl+HLo6NdfAr5Th1xJCNpgtLAcx903ozHnjBJ4e35VizQFnGbPvzzPBxMgM"
    "3ffqJF1N78E4JKNSlivthHoe6S9LB5lz8BYmaasGaUV7Mdx1WQdPirXKlvyKr9pMn49ySN"
    "R9MAV9zbQKtOCcoIRw13BGQohaZYpwcQ9SKGDXROEITmGecF5S0YRLHM8SoibOEuaISmHy"
    "dbtAfdxEqcJpKQmBroECr5z7yrm/4/X51ryi9zYUK0wUCcjHcN++paqimHuunfAKYlfdi3"
    "H/e+8M+HkRE/x92GdlAR8tQ0cNOQdRZXpwUD4qM9yQVsU4H+UGHF/pVZIAkoLKs940z7qK"
    "m5V7w+SNm6kUANm0rlIAdrXhUSkA0qYA4IduyBJvcaO8yQbtzRFe/KBFlHMB+n9MU2cnvb"
    "CgJSPHQxYFJQvzGQuURnFL6wn7wc7wju/TZ7V9Ird+juu//cdM8NuvyMbIfRd1ZBq0nBA1"
    "xj8Di4yotLQQ8B2vNLS7pMLokXTiLGj35eKuKsiqgqxNHP3q3vXqxqPhGBXO5MgJSgh3Gb"
    "SLwc5hzUZvUZxTQhJiXIcjh00lFQLYeUkpAN914DqEUThunRNUYesyFWp80MSj1nlJKcy9"
    "7oDJwjL1ClHrjJiEUNdIyVAUGEWBaYKJb380cUn31nxuiJ11lJaSL8xdwzQZuiYE07Szch"
    "Ia9fbBfoUh7VHv+/AbjWnb6NF6aEpQ269IQSPUc9vi1J6nURm+3eclN0VlmqOYbeyKaFQl"
    "d27XDGlhFTqOR9CyTARxQU5YVjaD5JQI1wVgdGW3CJ4Ph1epfeV5P7txvLs+7xFrZsZMGh"
    "luyiUYI29WYGWYMnMyOmWo/6RV8TDR4ZwWywatCpHbtKRiZTQnUJuPz/u+RDrpmmYlZXM7"
    "UDpvss4VE6d4XD1MToZi4rxGrSsmjkDUWjFxFBOnlWPijBD56DPDNNgxCJfGPDwnnEPKKW"
    "zb3sTPsVNSmh6JCVB1YiEwRe4TQtivHLmAGCPzDTs9y2UeKVpa0gb0mbbusKqU3oo8AcEl"
    "aUWHFloA4n3WEVHLQyZ4gn8jG67fKPnGt9czAFk5Txut2DoiKrvgEKSBDtdgTuzYSVyKPx"
    "O8J+bVpjU3SScYPdGiDKULKET+owdyuUVu/9qaGqaphX6K4EuqwgoN5fwI7vVfss1vGPwZ"
    "Z2Cpff7Jhn3+SW6fH9q+AL4JkSY7ZCui3Cnj++4U+747Od93aqwp621NCb1qRysbtLnm+X"
    "zkIJRtsp22brr9S+1u8G0w/DHQfu6NemesTrTm4QeyrMcamdbQBLNWtJvuWCOWNhj0roJ2"
    "ZFIkmzMteC0nuHs9vBuMtev+7XV3fPHzWVDzSFsazpJWNiJ9DW/HvUuNbj+Gd6Ql2Xz8cs"
    "bmbrLPo6xayyPNyRS7nmD6yKD93Q1ZrvW612d0HtaC5uHkTwMeX+8G2W9io7mHs98laJn9"
    "NkHb7PfxW5Pnj3/0L6IuyaPdpyDcuf+g7aHFt1rWyk/TFTHU4U1vcAaoJDGyu/FQI+v34d"
    "V3GuNim1Cyb7XMR0rRHvR6l7faTW90OyQSGCHd0fxzZak6Q6GwfTMiY9TmXZonLhgPzsrV"
    "FHuXqXQ3hSx62UWxTgkqokMJDo+/JxOEOi0lH87br5dFHoUdyIrfcn1uG8g7OUn58K6Fm+"
    "YfCi+4OU/LVfJyNg3pvZSpCAZiUfhTYgr9qugHy2OtarUWvrzSR1V9mNYMVtcGT1rpoqou"
    "wj1pZXUUdKA0UlUj6JHWPeZRmosPMkjKNOMkA/pYaU4yYLtvz+Vm0xZnxKWlZFim7joZLv"
    "R6aFOhqEZGTAbk694gRJBVITGmRBWjrTkkF8Vok5/bpBhtr1HrZRhttsd3rm30OHgFbrWD"
    "prTtYAW/gfhGMM0rQZj3liZVjfw+D0wdZUlwsRU2mANHVfAs+S3QU2nWG/nm5ehuxZiXoX"
    "kleCkxe0JxuprJ6VK8I8U72tNIXZJ3dGiUjgrMo9HdYNAf/HRGabmYIJc8SXaCv3b7V5Sm"
    "MYcGp7zffkgaEQtZMw2MRE6Z5Uiq42a5lecZSM4CHokMznlJ+TxU26cMMD4eL3280IwTEs"
    "p8s+abSa8oCWlGSsGahTVF7hMANienoM3FxWzb4iSQFcdfIgEZhtddh17IJGVXcxmmJZXL"
    "sCkuQ3V49+sOA+U8lMVOtIRBWB4vpeQ8EPv6bYRMWBDiLpENemBvfpH/8o86vY5dTzfcHn"
    "btdYvjbkzcbW/yM0LaTiObDtsom1D7Y2EB3dDB0wK6bfIT4TZwreBPmsz6tFifsWrxa6BD"
    "ZzG1yHcFPje3DRzjHv/JwH7WK6aFDQmy+YTauh5Sxgtqrajx+WuERHiTZb2SSYxI+rbMcG"
    "R/GrrykjbUS5pUZukciYRMk71PjclG8d87EYhjCQkBriExIj3slM6KSIvtMDmutROgt+/x"
    "jwd0cZhfkHfSZJDrYJUtof0gsmePJSSAd9d7dstzZ5ZYYfWEyC4zah92Y9E1HPlClh95fI"
    "uJ2WF7RcrebO0VSNmO5dlihb9jCQkGl7rHbsUULYZeLgeggGOoTj/HNcQeNEcs5bHF8XSk"
    "7rc3+TqWrGWQ/V7S2dEFftGFNw6wEbEyx6VuCL8LWkELOGRYQcBdQJf5K2h5LYp9G5DPYV"
    "uPSAfTNYDk8gLZQV95b0ctT2H1w+KztBNlxMDTwjARqxIWPo7co1UpztjT6G/RnRU79Y88"
    "XrxYWNJ5otwjjXSP7DEDvMTwLas+OPi7aFldCbGwomdXVkXVTNctJLgqBfjL7cOiC7aCKR"
    "KFNlGeNdj737seLQh2BqI+Jrh7czMa+rWgglk9rNzlMwzZcoBxDEe9v/UuAvF/oRmTvugO"
    "LnpXjG4YVZPPLjT2szmO1yCiHmJ5T5zYvg8+MiThrNi0nIT++NrA1qp4MrOSUgC+a5+mjm"
    "aGLmzraSkZ+F91GzpFjB1JLW7pHFEZEN+XpYs73NKSinnVNOaVqgTWlJ1HYYSseHR7aYSs"
    "YbjvelRTYYTiV0CuMIIqOCGz1jmTW8R8bUDwaBgy+TiBo2GC5VccNAq5gPWn3wtFSF5LeO"
    "SFaULFgQ96oBL7PQdt8fYxKSPd2Sg17B0NZ2XCtSYKc1ZOCgdJ7R4py6zsOw9lmwx063u/"
    "96M3OgOPBnpC9gQPb3qj7ng4YscpsCE68qCPIg+63QwP+Ao6zpNFJrMFdBYir0JOsMkqqk"
    "riPT4uw+I9Pi6m8dJ72bPFacUFjSaCaAYWyWXmSKqkW06pZnpAtYddg1OAZvNSPiurHFPN"
    "Wbvnt2xkMqYgV/I/pkWVnpusZxM6bjjoVdA1R1zpu8n6Vg644snyMF0xygH3GrXecAfcBb"
    "JdY27MICvVmfPBJW+3N7nhZnFDgXOfDcfxkA4SwsCaM4pzQJ0MzlsmbRjF2XkPNjKmDTe7"
    "n6zpMRO2Vdcdn49tkpap3iknO+i6DRwL+AnugJ3mCO5J68QR0JWOeVbM7YbEKDeU/4ztQf"
    "BcurykdM7M7ScGPyLbx4wyWmZkgBJBnCssHejb95tRhzuXE1F87FAsIVFSwtb8NirdY98H"
    "/s0Q+ayCA3ZaSga6Sd1Zqopynke5Dhb0vWDZl1hCwkBGHbWa10VRPT6+kcAOs2D8PdrBIn"
    "xgOUdLSLd6gnC3rrvfWA6RL00TiLqXv9DsIaivJ/j2jp4z37ukuUOOR9OHkd6U5CEX/k4W"
    "H2xRpzFgRF4HrnBdytrfyL79+TMJHC2fxytaXA72WFrCEX/7U2oSOgdBkwd8MSmZLy0F8L"
    "smKEdQirKXcoJSwL+DAUebemQ+8gSxTkhJCPRR57TMhNo5LZ5R6b001r67WuOt3ItPtUkJ"
    "vepTbQqOTSku9lV0Wsqeqn3R50lT7cu1XGiK12xIiamSDZX9WSt9zgMeQ3td4Ej0BTKQT9"
    "dBWO+wvFib4AvsNzJ2Yuvn/UF39At/UXLOsffzX8a9bh5wejxQ5/hEZJ5MSykH4vPrkZW/"
    "xxYwbF9AGXZFw479Dtp0LRyf4EmrdNiqo/oS6qgCRSghprh/zaEDKe6f/Cwwxf17jVpvOP"
    "evi2xjtmhxaH/BnfbGk2niNirrdsfrjdqybh/JKk0wZJwQkdDBV0vyG32pBBAOmkuI7tGH"
    "MiexkFbF7tMPubNYyBNdhDmTaLEHMCGyex/gfhbFW/P27XUy++P/AQUKSH8="
)
