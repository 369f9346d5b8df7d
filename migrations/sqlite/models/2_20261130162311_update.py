from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "reconciliation_runs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "channel" VARCHAR(24) NOT NULL,
    "bill_date" DATE NOT NULL,
    "state" VARCHAR(16) NOT NULL /* RUNNING: running\nDONE: done\nFAILED: failed */,
    "statement_lines" INT NOT NULL,
    "statement_sha1" VARCHAR(40),
    "matched" INT NOT NULL,
    "differences" INT NOT NULL,
    "auto_resolved" INT NOT NULL,
    "error" TEXT,
    "started_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_reconciliat_channel_883a94" ON "reconciliation_runs" ("channel", "bill_date");
        CREATE TABLE IF NOT EXISTS "reconciliation_differences" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(160) NOT NULL UNIQUE,
    "channel" VARCHAR(24) NOT NULL,
    "bill_date" DATE NOT NULL,
    "kind" VARCHAR(32) NOT NULL /* PAID_UNKNOWN_HERE: paid_unknown_here\nPAID_NOT_AT_CHANNEL: paid_not_at_channel\nAMOUNT_MISMATCH: amount_mismatch\nPOSTED_WITHOUT_MONEY: posted_without_money\nNOT_POSTED_UPSTREAM: not_posted_upstream\nREFUND_UNKNOWN_HERE: refund_unknown_here\nREFUND_NOT_AT_CHANNEL: refund_not_at_channel\nREFUNDED_TWICE: refunded_twice */,
    "state" VARCHAR(16) NOT NULL /* OPEN: open\nAUTO_RESOLVED: auto_resolved\nNEEDS_PERSON: needs_person\nRESOLVED: resolved */,
    "out_trade_no" VARCHAR(32),
    "out_refund_no" VARCHAR(64),
    "posting_no" VARCHAR(40),
    "transaction_id" VARCHAR(64),
    "payment_id" BIGINT,
    "refund_id" BIGINT,
    "channel_amount_fen" BIGINT,
    "local_amount_fen" BIGINT,
    "upstream_amount_fen" BIGINT,
    "evidence" JSON NOT NULL,
    "resolution" TEXT,
    "resolved_by" VARCHAR(64),
    "resolved_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "run_id" BIGINT NOT NULL REFERENCES "reconciliation_runs" ("id") ON DELETE RESTRICT
) /* One difference between the channel's statement, our records and upstream's postings. */;
CREATE INDEX IF NOT EXISTS "idx_reconciliat_out_tra_4a45b4" ON "reconciliation_differences" ("out_trade_no");
CREATE INDEX IF NOT EXISTS "idx_reconciliat_state_e0eb53" ON "reconciliation_differences" ("state", "kind");
CREATE INDEX IF NOT EXISTS "idx_reconciliat_bill_da_b180a0" ON "reconciliation_differences" ("bill_date", "channel");
        CREATE INDEX "idx_payments_paid_at_d25a6a" ON "payments" ("paid_at");
        CREATE INDEX "idx_payment_ite_posted__f72c42" ON "payment_items" ("posted_at");
        CREATE INDEX "idx_refunds_succeed_e30bf1" ON "refunds" ("succeeded_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_refunds_succeed_e30bf1";
        DROP INDEX IF EXISTS "idx_payment_ite_posted__f72c42";
        DROP INDEX IF EXISTS "idx_payments_paid_at_d25a6a";
        DROP TABLE IF EXISTS "reconciliation_differences";
        DROP TABLE IF EXISTS "reconciliation_runs";"""


MODELS_STATE = (
    "eJztXW1v2zgS/iuEv7QFfEXivLXBYgEncXd929hB4rR3tz7oaIu2dZEpr16Szd31vx9JSd"
    "YrHVGRbJkhUKSJxKGkZ6gROc/M8L+tpaUj0/l47yC7dQ7+28JwicgvieNt0IKrVXSUHnDh"
    "xGQNPdKCHYETx7Xh1CUHZ9B0EDmkI2dqGyvXsDBt2gWmNTcwMHSEXcN9Bu8h+I4uF9AF1g"
    "phQ/8AINbbwMJTBCaWR383XAfYCJp/oTcGVuRaFv5IL6dbU3I9A88r79nDxh8e0lxrjtwF"
    "g+X3f5LDBtbRn8gJ/1w9aDMDmXoCNUOnHbDjmvu8Ysf62P3CGtKbnmhTy/SWOGq8enYXFl"
    "63NrBLj84RRjZ0Ee3etT0KJvZMMwA9xNe/06iJf4sxGR3NoGdSlVBp/waiYy1NGwxH2l1v"
    "pGmtjLpCiRjOwaGphamqya067Onn9Bb+0jk8Pjv+dHR6/Ik0Ybe5PnL2w790BIwvyOAZjF"
    "o/2HnoQr8FwzgC1ddgFliiXjsf2UgihS657TS6IZbNhXcJ/9RMhOfugvx5erwBy2/d28tf"
    "u7fvT48/0Ata5HX0X9JBcKbDTlG4I3htNKd3JABvJFENvOGBCN/IgGwd4MPTAgAfnnIBpq"
    "eSABsBpgIIx0RKQRyMz2YifHxQAOHjAy7C9FQGYewtJ8jWHGLQUY6tGKE/uVY4KysD5hsw"
    "HvX+NqI9Lx3nDzOO7fvr7t8Y7Mvn4MzX4eCXsHlMF5dfhxdcHbAHFhztadGaNCCT3Y5QW0"
    "LnIW/QF0E8kpVh0CcxP+oUwPyow8Wcnkpizv4XwDlsLx+21Y9nNi3XoJvF94pg5BpLlI9x"
    "XC6Fsx4Ifgx/2T/UN5nx/nXvbtS9vknY8qvuqEfPdBJ2PDz6Pj1xWXcCvvdHvwL6J/jHcN"
    "BjaFqOO7fZFaN2o3+06D1Bz7U0bD1pUI9jEh4ODyU0/IhsgzxIGSWnRJWe90LPk2cRY5kS"
    "k89mdorYzA7fZnYyNnNqI4pFiRcqKVnB+9S4VR15QH2IzedgVOzJCxYM4Mz7RV1Os4eYf4"
    "QemMDpwxO0dS1xJhoeOpqakOiMQOdkB8hFIP3lt1tkskY5QyHwA15FPe3hWPgRjv7waDQm"
    "IrBW8HmJqMCrgLrxe5EVJAc+EqNBoAqcvuWBuqM93dCOZMVqAt3pglx7Yriag1yXdPhKzC"
    "5oj1e0wzu/P5mgowbN6lg8E5c9tews00cghnP2SPTa9EoBcL1HxC6U4Tf8E+1NBAd6DK3C"
    "ywzHECPguEQZYLqAeI6ANQMQxMxwGwRmBlj2+lfDRctz8LSw2uQHdNtgZlvLNnDZ38/0B8"
    "rhPGq+1sssyO8tn2yhrf3fNENv/VOIHLkw5m+FH/nc6RwdnXUOjk4/nRyfnZ18OlgTJdlT"
    "mxiTi/4vlDRJzD5eZlEiXRWdj0cSErr5q5+LR6+A0ChPiL082PcB6C2O9wh+YpcFaaxIQs"
    "LxXT3JQj8UGvvgiICclFJr+pftCFn4CaMcl1EYv4wxefUtW9BW+AISmoo6Qgqgk2eL+Sxs"
    "JLE9gFutepc4W6Ne6ZwvC/Zf74aDfLDD9mmvnzF1wf+AaTi1zTpaP808zD67YOIZJlnCOh"
    "/pZX/egSooPptVkUa9nfTk0Q7SqlAOWb7RebMO2To9G3HHbI5/I+W35Xs50q7iItGczA34"
    "zgl8DkgHM4TAzLKBhREgr7ZnQxpvSXVLwy9pjKVh6b7LgRwA3opcA0Hyu+Mgx6H+ibzQzr"
    "ouU8TDQaNbg7VZ7AUlzX5vTT3bJl1pgWeF+T7ocXa75K8omGV9j1FQF7tFOmezg97W0zf0"
    "58ogI5NdRrlSGulKib0rxCSITCOzktIFqFYfdKMCVGsOULVjxENxiLlkhQI5D+T1Z0E0Fj"
    "gjKCHc1Xur1qiVDgzm9yCFAra9SM1Oi4RfgNdFBxdQgEzhwWvUxKODc0SlGPJ1T1R83ERj"
    "hJNSEgJd19jGbAICTUFaM1dYPqd5DQkHmWVs4XSD7AJYvmFeiz1hnoUH8nyCIzwhJyHY1c"
    "/P5zbUhQb1WkA+21H9UCaXIzcw8ZjnYwIdpM1Qznpzkw+L20WpoImm4b+TmImEG1LEwKTk"
    "JDQwRewL37xkV/8+YkjQkCekFMovoRw5+AX9shlBCbGu3scCCR5Tobl3JCEhwIedT0UmJZ"
    "1P/FkJPZfCeGl5ZFTqXokvZlZWxReW/laaBkY54fv8KIu1QDPCLOj1pAmz2BAg18Pekimk"
    "T+6QrjkzinldpNyW3obWVe/ya/e2d3W+5r3H+OZ2eNm7u+sPfjkHK9uakm8W0coYfxv2r2"
    "jLR8vQfX/d7tdTNLr2EWkPSOwDkZCqZGXVIG708LTIN5i02oBzDtORGw1gWSaCmOcgyA0I"
    "mBCZut6A9ZHtWp+L4fBrwvpc9NNcxf31RY+AziAnjQyX8wHwX64yuetxQZW53ujMdaIqTT"
    "x6NSUmg0No2/RgLOxJ8PVKSqr3q8nvlwqP5c8U5AqPjWvdW+kltZ6UVFpvitZzXvZM+ntO"
    "fGx2lrrJ358rr5z9ZR0YsVDmpBK4GohJyOQ4elWh2kzYfxLgLLpfLBsZc/wbes54JfKLPI"
    "Qll/cMXF5dB3LYhk/rGPb4oCLPTp4Y+QuuW2JvbvuXo9YmI1IBvMULtDTMahQFON9ucrAu"
    "UkVo3ZGLltVUx+mTniQa4rWWLrlcQIyRObBcY2ZMuYk+ec3amxJ+pr4A+XpHEgUzf3qPyH"
    "4GBmaVF0HQEYh31AYPaOUCMi7b4MlwF6zWCHhCQDd0/4CRk+pTYb8V13BXuTXVzkr4uTWB"
    "1kV8xjGRJnv0S/qMq09+j79QuRPCDfVss6IyOLvqjpxkJaSEoyaTUvLhXH1AguURvGhYnm"
    "D4R1pOuurj1Qf0UchsNKOll8WxTghKB3b19oPMi2jUgAjMMREJP4p15ED+G01dLvezKREy"
    "JagMdYFaUiacz/OSkjbS1jEpxVwLMNcLRD5tefVa+cFLMZFmhC9JVSVmYuk5UTF8fjlsL4"
    "Ul3zazTMHTHOM/OXNv7po+IbM93/dBXea8kh3a0pAuYOfkVORTmRKT70NZx6YoBDLyzHjK"
    "IBH7XmaF1WdT4LPpWJ49FVqxRxJqbBepEshDmD8vicu8amLSMKy3PQOx0RQZj6ViMlKiKi"
    "ijKUEZDa9UFxKvOeRVjJPlE1bx/Tle5qiuLYyewdIiAxW8t2zgWmCC/L8/AHdhW958wQrI"
    "hTRTWFCO/Le0bBQvpO9kqarqu39lNbp1UkMsZCooR2foqphccwmvnfqsG6YQVUhumwBX70"
    "RV5G39lcv9nM6yuaAqD7Sc/Y4X/4xuVmCcp8QkHOuHnU3gRunPZxvSn8/Sw/0NJHpe3vbI"
    "wuDqHARTujHufu/2R/3BL9pN9+/XvcHoHMAnaND9vsKgvjG+H/w2GH4fnAMPP5DJPh7jm2"
    "6fdEKne2NMloF3rEvTcmiPX7r9r/TvGTTMcgminSIcUIfPAXU4FRqtFcJiMShpuSYrtzG+"
    "lpWNCG6C0T4JIeXRehllcins+NsKCUKdlZQt97mOKoB0ZVtyPpQjrFJLys6JQh9DRgObPY"
    "kxMZW22ZxMrmwCH502eDYiqhMrkZeWU9+Ql61aiJl4FnpWUga8VSL6Pmhi3yyaSkTnGzi5"
    "2C+ViC6z1nNe9kwiukp8VonP9X8WK0h8LpKMu6AQpzdrK5+Qm9ofbi8nJNl83ETVepW1XA"
    "AlPyPnlTjdsk5kgmgL8TBsVPFjYsJB92JcTJSe/3JwzBAnAlDeOcAha3gErBmAIOivzfZS"
    "NFwH0M8xQY/GuIRbKWYDYqrpMicI5vdWrPZD7Ap+QEsiPCa+u17w9favE2yO7cfDkENIRc"
    "Ts3HvIj4hRFPeu3bnBWyMWkJSUki4cqYYt6hLGKRfplznuTCdb3D8dW67mm9OWmApa9NzN"
    "8I7R3lEvY0yP+dWN/cfyj9BWYYss7/16bruGzR4DrZBpVZlXKBCTwX1bOwm4how6vYUZCo"
    "64fMjXZ77EiYqspAx4b5uoCFGELpn4r9yctRuf/M4RVVmOedOgUs7ihKDigZrjGs4yAuGb"
    "oCOo0w07yqg6La803mSNK+aPb0D3kwNSzN9b1HoR5i/rECzuTcpxJiqPUvkAwXI1wCuo/f"
    "12FbCBsd1FOeWmKaIob1uojjLH6lQAsBhDu68gZ62tMEcuxNWlmU8+8TnEaGSRHxXSn82c"
    "3eeznwKEZvD8OVxmhAyfxowx0EWz+x3yWgKq4HXGvbtAIdn4zgHWEw7z789Z8n2WkgTQBU"
    "sy6SCnp4iX5l/LdYrk+29I6o/bJPLTrwHgTacI6Yrd3PWXt72B3dxx4dSGqaTubedVQrpK"
    "SJfSwMQnMKWYryoYr8YpoGbKS5zqeiXF1TSAt81x7Vv6f+gjbonhn1MDgLfV89395WWvx3"
    "Z7Xk/30jEQ2SiJ9MR2N1ERwexFLDM6IaSSopMY89MHVaqmStWU/eugqDz+0N9PUkdReW9R"
    "60WovIRvS1DvaVkVoNEcReeE5CiusCFkrYuW5bUQCVdSV+eNeI4VZ7s9zlaESsx/O7K6CN"
    "lCMU0UzCxt1DshrIrIIBTRx6tSK+/gI9JvaJ3AVg4bGTvb3sRIOrSdxsoNFqQlu2BF2loY"
    "kH8Q0ITvdw7bkIBygaw74HcH3o+9Y4SOxt7Z7OiY/j6BY+/k+EAnP49OTj58BFcUIZojaT"
    "jAsWbuOSMdbespTKLMkJVbvfoYs+0pyVkXPvuJnfGsdPCA0IrKGLZPj1qrZ3obAXHKbo1S"
    "ZGVKn/tjR5GcO58y8ElOIwA9owK+AyomIoWrvG4uguCFveWEvBUOgkHiW1H3U56sFKBv2w"
    "MVAckeWHC8p0XrUoFM/u0ItiV0HvKGfRHII1kphn3dYRTsfwGgw/YSglv9iMZsxgRNw83Z"
    "E3ITxgkxGfiDupGm9ZUfkfaAhIBOSsnGQH4uwvJ+5rO8nzMsb2x6nkF5s582Kam8tE320j"
    "4i2yAPUkbNKVGl5ybrWXGsfEO6n2yb4ljfotaLcKyqUKoqlNoAxuA1hVKFksAEWYUL6E4X"
    "V2hiuHfIdf0nzZAL2UbtTRzDhDYnz0jaa44vUJBrGHunnbPPY+/z4XRGfz89Ij8nRyh06n"
    "/Sj9hZ/ZD8/PRZJ0cmE3b2FPne/GcEbfMZ+IH4fqoSssF0YTmIbVdK20wgfnjnAHabgN0m"
    "9eJbfqGLBPuw4/sZY2IHDZ2mWhnY8Wz6BgH63nwEo5BzoGQG7YQOMPrL0kHmDLyHcXbCIK"
    "1oL2RZ/aEMOUEfQtESDaUl1Aagdde9Y3uzlWB/MoISwl1DCbYQtdJMEL8HKRSw9ZpsIZzC"
    "dFBWUrFBBao/hqiJk0E5olIM+bq5IB83UUYoKSUh0DUwneE0VjyUIiMpIeDVj2w2dc/AzJ"
    "2ah82V4yMnhnhuQ7H8s7WAfERm9SNV5dzvOER+3/KSxRXQ6l6O+t9658Cnv8f427DPso4f"
    "LUNvSpl1RejnoHxYxNyQVnycDzMGx1d6Ga43LqiY3uaQP4rplZ/zU0zvW9S6YnoV09uMz+"
    "LeMr23iNz61DANFmN7ZcxmyEZUUbm1LTlt25urXcalNH0tJrKD31oITJD7hBBm7GZQwO4d"
    "S81ykb/xnuXZgF7T1h2WqxXuuvduvRefw9nTr+KLjPEY/4tMvf9FyVh/vJI1BrA9TERXbB"
    "6xJnsdgjTQ4TOYkXHsxA5F9wTnZHi16R5SpBOMnigVLF5e84Ec9ktoTgzT1PTgcFgKUNG5"
    "zaRzBdd9r1nwNQz+1Lq6CLFIWm1YWWeoRVU5s/bKmQlbk51554OcENo06d5DwDcATCfNKf"
    "iY0c4dni+74ELZJo/T1k23f6UFlfy0X3u3vXOwgoauBTX9NPJZQ2PMWtFuuiONjLTBoPc1"
    "aEc3VoSuFryWY9y9Ht4PRtp1/+66O7r89TyItNKWhrOk8VThZosaXX4M70lLsvj4e7j1ov"
    "ZkEKw80pzWxB7jaAtH7f6GTNd63evz2F6OWvjxH+Pb3pf7QfpJgrJ+yWcJWqafZl31OPk8"
    "fmty/dH3/uW6S3Jp98mYZgLUduOp3zdHccta+eSAyEAd3vQG54BKkkF2PxpqZP4+/PqNeo"
    "vZIpSsWy3zkdalHPR6V3faTe/2bkgkMEK6o/lFC6g6Q6GwfTOczHTMu5SdKlGvOy5XE7El"
    "U7nuHddGb5hzeVtbp259m+dG41x9lB65FHYo6cTZhYqPdVZSPrxrCQrbVQG5piG9o4L03D"
    "LPm+DfVOhZoV8Y/WB6rJWNEcmXV/ooqw/TmsLy2siTVrooq4twTVpaHZwOlEbKagQ90myr"
    "ac4S+a9kiZivhLhM2gNmTF3wP1b0rrYV8k/kM8WmZGDiGSaZCzsf6WV/Flw1V+EVoxglGO"
    "dMDkM6XaGdpJJpB+kcBrb69vJ3L9y00UlcSoZp6rZzR0KvhzYRYjVSYjIgX/cCYQ2ZeNBL"
    "SlRFtDUnyEVFtMkf26Qi2t6i1otEtNme+BbvkYxMIW27rVJPMM0qQTjuLRlUdevJvPV1NA"
    "obHANHVfBi8Fugp8JRb+TJi4W78TEvEuYVi0uJoidUTFczY7pU3JGKO9qRpS4Yd7RvIR0l"
    "Io9u7wcDtvMosdCYbTt6RWZt50BnhZaSm422Sozp6oM01lHImmlgP4i6YGJDjuT2ZoMH9d"
    "ryytK5I5CcBTwUMc5ZSfk8VNWHDLB4vLx6JtxhHJNQwzc9fFPpFQUhTUkpWNOwJoL7BIDN"
    "yCloM7yYbVs5CWR8/mUtIIN53Tb1Qj5SdjmXYVJSuQyb4jIs4iieGdhwFqXUnhJVNFBzPM"
    "O+njMeSr4TLTYgLC8vpeQiEPvy2y0yIYfiLpANumdvPs9/+aNOr2MX2cZ00cpxNQZn2pv8"
    "izBqU6dLUch1+Fb8hq+c+vA9go/IdgSr9sZEmuxnKesRPDkp4hI8OeH7BOm51FyevFQCCA"
    "fNJUT38KBQNu3Bhmzag2w2rYXd3L2b+VFuMZHtB7ntZmZRWTibwNe/+o/Zj/8DPW/Eeg=="
)
