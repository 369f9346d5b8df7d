from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "reconciliation_statements" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "run_id" BIGINT NOT NULL UNIQUE,
    "channel" VARCHAR(24) NOT NULL,
    "bill_date" DATE NOT NULL,
    "sha1" VARCHAR(40) NOT NULL,
    "size" BIGINT NOT NULL,
    "content_gz" BLOB NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* The statement file a run read, kept as read (gzip-compressed) so a person can download */;
CREATE INDEX IF NOT EXISTS "idx_reconciliat_bill_da_5d2e91" ON "reconciliation_statements" ("bill_date", "channel");
        CREATE TABLE IF NOT EXISTS "case_claims" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "subject_type" VARCHAR(24) NOT NULL,
    "subject_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL /* CLAIMED: claimed\nRELEASED: released */,
    "active_key" VARCHAR(48) UNIQUE,
    "claimed_by" VARCHAR(32) NOT NULL,
    "released_by" VARCHAR(32),
    "released_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
) /* Who is working on an exception. `active_key` (subject) is unique while claimed: one holder */;
CREATE INDEX IF NOT EXISTS "idx_case_claims_subject_6683ce" ON "case_claims" ("subject_type", "subject_id");
CREATE INDEX IF NOT EXISTS "idx_case_claims_claimed_2bcfa9" ON "case_claims" ("claimed_by", "state");
        CREATE TABLE IF NOT EXISTS "case_notes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "subject_type" VARCHAR(24) NOT NULL,
    "subject_id" BIGINT NOT NULL,
    "author" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* One note in an exception's thread: who wrote what, when. */;
CREATE INDEX IF NOT EXISTS "idx_case_notes_subject_768e91" ON "case_notes" ("subject_type", "subject_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "case_notes";
        DROP TABLE IF EXISTS "case_claims";
        DROP TABLE IF EXISTS "reconciliation_statements";"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofUlSpUnFSuI4nr1bJdvKjDa25GvLyc6OthhKhCyuKVDLhzXavfPfLx"
    "p8v2SCFiUKRlXKsUk0KJ1u4tF9uvHf1sLUsGG/vbOx1TpF/20RdYHpL4nrbdRSl8voKlxw"
    "1InBGrq0BbuiTmzHUqcOvThTDRvTSxq2p5a+dHSTQNMuMsx7nSBdw8TRnTUau513Rx+Qir"
    "7j87nqIHOJia61kWkhZ46ROp2aLqGXZ7TJdK4Sgo1XNoInotXcRLZ+T7CGaI8r3Zkj3WGf"
    "QzOn9IPo5H43jxwT1aW/TSky6PW49Rdf6K+nf2FCuvbXMf1UNsboBwXxbfBB3tKbj/oU22"
    "99AcV/9I834Wck8LnIFKMJvaG1x4Q+DllYNX4CLaElBd4kb+E7u0T/t4sVx7zH9FuAJn//"
    "J72sEw3/ge3gz+WDMtOxoSUUrWvQAbuuOOslu9YnzhfWEOCcKFPTcBckarxcO3OThK114s"
    "DVe0ywpToYuncsF/RPXMPw7SQwCe+TRk28jxiT0fBMdQ2wIpD2PkB0raUog+FIue2NFKWV"
    "sbBAImYB/qWpScA66Ue12be/h4/wU+fow6cPJ++PP5zQJuxjhlc+/ek9OgLGE2TwDEatP9"
    "l91VG9FgzjCFTPqrLAUpOz8pGNJFLo0o+dRjfAsrnwLtQ/FAOTe2dO/zz+sAHLb92b81+7"
    "N6+PP7yBB5p0BPHGlYF/p8NuAdwRvBa+h0/EAW8ksR14gwsRvtGYt3OAj45LAHx0XAgw3E"
    "oCrPuYciAcE6kEsW+fzUT4w7sSCH94V4gw3MogTNzFBFuKTQd0nDNWjPAfhaNwVlYEzDdg"
    "POr9fQQ9L2z730Yc29dX3b8z2Bdr/87lcPBL0Dymi/PL4VmhDtgX5rT2tGhNGhBp3I5QW6"
    "j2Q57Rl0E8khXB6JOYv++UwPx9pxBzuJXEnP3PgXPQXjxst2/PbF2uqE4W3wuKkaMvcD7G"
    "cbkUzpov+Db45fBQ3zSM9696t6Pu1XViLL/ojnpwp5MYx4Orr9MLl7AT9L0/+hXBn+gfw0"
    "GPoWnazr3Fnhi1G/2jBZ+J7tNMhZgrRdXimASXg0sJDT9iS6dfpIqSU6JSzweh58maZ7BM"
    "iYk3ZnbKjJmd4jGzkxkzpxYGLCq8UEnJLbxPjdvV0S+oDYmx9q3iQF4w34Az7xe4nGYPMf"
    "8IXJio04eVamlK4k5kHhqeGirVGYXOzhrImS/95esNNlijHFPwXZcXUU8HaAt/BtYfXI1s"
    "IgJrqa4XmDjPBOra60VUkGz1kQ4aFCrfT10dqFvo6Ro6EhWriepM5/TZE91RbOw4tMNnYn"
    "YGPV5Ah7def+JCRx4UlQ6ZeAuv5BntrBv0JRJiMAWYHbNoUsjeWnQW6SsqUe/ZV4Jnw5N8"
    "0HqPmD0oE8TybrQ3RbHwY6C0p8NYQ4KR7VBlsADRPfaCRbGJq438gRmiSsGvuoMXpxBDat"
    "MfqtNGM8tctJHD/l7DD+zFchLxq5qf9XTc6PeWF6+C1t5viq61/skVTjrT719KROlzp/P+"
    "/afOu/fHJx8/fPr08eRdGFrK3toUYzrr/wJhpsR67em4U6SrsjuYSELAwMj2dy/RK8Bl5Q"
    "mxp439EIDeob1H8NNxmTPwF0kIaN/bD0vBRKGwCYcH5KSU9II8PY7QrTI3ynEZifHTGNNX"
    "37Q4xwpPQMChog4ShmrnjcXFcetIYncAt1r1bnF2FqyGNV8W7L/dDgf5YAft035Sfeqg/0"
    "OGbte26mj9ZeYSNu2iiasbdNNvv4XH/nUPqgB8NqsijXo76fuEDtKqkC7s4kHnxbqw6/Rs"
    "xF3ZOf6NlKe72MuRdq6Xoewyx+kr2/c5YA3NMEYz00ImwYi+2q6lAkUVdAuMVWCl6qbmuR"
    "zoBeQu6TOwSn+3bWzb4J/Iujnqe0wZDwcQdf29WewFpc1+b01dy6JdKb5nhfk+4Dr7uPSv"
    "iP4TfsaIBsc+IqzZLL+3cPmG/1jq1DLZY6QrpZGulNi7QocEnmVkVlI4Su/2aUqS0lszpd"
    "eKBR3KQ1wYqJAg54EcTgu87OmMoIBwb99bFaJWmUpd3IMQCtj1JjW7LOJ+AZ7Hpy6hAJEI"
    "1SFq/HzqHFEhTL7uhYqHGy+rOiklINB12TZhCxDV4Axr5gqL5zSvIUUjs40tnaCR3QCLZ+"
    "a1jCfMs/BAvx+nhSfkBAR7++vze0vVuIw6FBBv7Ni+KdPH0Q8wcZnnY6LaWJnhnP3mJh9W"
    "YReVSBNNw38vnImEG5JngEnJCTjAlBlfioeX7O7fQwxzDuQJKYnyUyhHDn5Ov2xGUECst+"
    "9jUSkeU661dyQhIMBHnZMyi5LOSfGqBO6lMF5A5RdFcyvMmFlZyS+sPFcaOsE51P1ilkUo"
    "0AyaBTxPGJrFBoJcj7gLppA+/YSw58wo5nlMuR29Da2L3vll96Z3cRrGvcfk+mZ43ru97Q"
    "9+OUVLy5zSOYtqZUy+DfsX0PLR1DXPX7f//RSwax+x8oD5JoiE1FZ2Vg2KjR4dl5mDaasN"
    "OOdEOnLZAKZpYJUUOQhyCQETKlPXGxBe2e3oczYcXiZGn7N+OlZxd3XWo6AzyGkj3SmYAL"
    "yXq0q2f1xQ5vo3OtefqkrhZ6+mxERwCO06PBjbgVmYjlx2pVetuBf53jX5vYuR3jg1npSU"
    "Wm6yliU5unidKBY5Oq51d6lV1HpSUmq9KVrPedkzNQ9y2NHZPcqmaE+uvAz1VHVfxYjsSS"
    "UUaiAmIZLb8FmFnTNJH0mAs+h+MS2s35OveJ3xSeWX9wiqqh8YuEVVPehlS12FGQxxo6Lf"
    "nX5j7G23b+h4c9M/H7U2DSJbgLd8QaOGjRplAc4fNwuwLlN1K+zIwYvtVJPq054EMvFaC9"
    "cE9pqT2hUz5eK0rngZsKdTuq5MgtdoYT5iDb2GYw9MNMHe32+QM7dM937Osq78gwnCLCz6"
    "34K+ivHqM3Y2lWv73T8zhSuMBMRWmn4Ol67JDKx9r142HKLgOooD/CvOOH9aTmZfpeILMv"
    "tq54Eyf7DjQTgmIiDENZT78IgQVQkUkjxRbfyOZ8xGH5bDzlNiAtr6UWcTuBFn6NMGztCn"
    "tLm/AHbE+U2vOwLKg7+kG5Pu925/1B/8olx3f7vqDUanSF2pOpQVDfZCY3I3+DoYfh+cIp"
    "c8EHNFxuS626edwHJvTM4vh7esS8O0occv3f4l/D1TdaMaq6JTJtzfKY72dwrSGi0843mN"
    "EkJNVmtjUl00DAew8Q1VgYQABYxqz4W2MLXJXHfkBiuOC4kQYq/biOmjiO0VOeSEOispGh"
    "OrjpxEcBlUXGjmCMtQR+WsFt95k9HA5mhjTEzSCJoTWcwGlGE95lpYgXNVeUa1tJycQ54e"
    "1QLM+DlxWUkR8N41LU4So17CiBaeDcFNk0hL1rRqEDXCkH+8CaTKcGuioAOpkIoKkWTBYo"
    "UcJm1MkgVfotbLkAUlOU2S0xrAnXqanFaGMDUHiPd1VmEzF+mbj0eTzLIyKFl45hLtmTjd"
    "sE5EgmgH5DtmVcUEvMDoniThRRTKcgfJxcaQVzay56rln/Hm99dm1c51x0YwHVP0gFAXFD"
    "vPPy/u+V3mMO5+b8X4ubEneOy5BBcvXv/an7295/jH13jkO3opzsVLtIiJaHQ9BEUWJEuv"
    "oSw9SbvZdyTEf1P4SJJJKeEokjXUmk6PUFV4N9lhbnc8AmI6ijfqtvhU0IJ718NbRsWJeh"
    "kTuOaVKfG+lncFWgUtslyc5/NtamAq+FrhZdwkxUSIfNQePw8hg3gRd3CvQFw85Osbvvhj"
    "fFlJEfDedYwvQFF16P5gmXc+eDFvJEd0d+uld/Uulp7lDEsDXMmnnBCUIdTmeJCzgYPMpr"
    "CCqtPyUuNN1rgMEBYPoIcZKpIBwpeo9TIBwqzfsLw3KcfnKD1K1bm11cq5bKGMy8tVwIbA"
    "7j4qYzRNEWXDu6VKYhSMOlsAmC+Qe6ggZ0db7lA6V0gvHSAtjo8OCR6Z9McWo6TNXN3nB0"
    "k54p7nXnr5wHT0mT4tPFs6r1l7UxzUT1unk3wkUTIe2nvE1hrpZGJSzYT1QeIdtdEDXjqI"
    "GmMbrXRnjlZz1UErjDRd8y7oOadLb7HfMrVIZoZ6f+/5ti08xfojlmVG9r66KQ5gytIMtZ"
    "dmiL9qnFmKOaIiuJ/rDrTgR1gEMYg4wE5KiYfz9sMqe61R1LAMgpprFAFk3vKvAtYJQeHA"
    "3v74QVdMcIQND8wxEQEnxe2zDiz8Lzx1CgOym0pvpQTlQP30QB1blKcW2pvOUIlJyWNUOI"
    "5RmWM6tVlcJ2nFRJpxlhY8VpiztCamlnNEUzHpI2gvxEi+a64HgKfY+n9y1t7FmaVxGcnu"
    "yGTuMnjmaufjMc9UmRITb6Lc/sqPQUa/M5mqDvd8mRWW0ybHtGmbrsVXkSySkLb9tG3TCb"
    "IA4eJ1SVzmWQuThmG96xVI3BWegX8zqSMlKlkdTWF1FHF5MrHsLcUBOUNcfogvJ6oVBf+K"
    "A1mxXMyyRfVtTBwEnz0sdO/McZB298pG5ooE4adTVvM+m5yHVActqAbo7Skuqq5fy3PKhL"
    "Y21NKPh93pT3bVdqdTjDUZ/2py/GvPftWGqaRmJ7YMNso68CKy15IrvUrJXdtI6mqcAmr2"
    "avNncz0zatA0gHft2ju0qvtBGgSnHzun9P71zfC8d3vr5fta5hTbNkv5vb07P+/1LqBtuN"
    "xLp/nmJQIPv3y57A96dH06mwW5OE0IyrH1DB9HJSEki2gnMc56YXyFw9oRW5jwObxyhaXv"
    "q3yRX1lQeXdYy4LK+5mlZdZgsemL5WmUWYMia71M1mDCx8ip97SszAVvjqKz77dMS2xKXq"
    "iDF9W1EAlvpWz6C/Hgy/TQ3aWH8kQr89+OrC6CxEQ+TZSsdduod4JbFdGAUEYfz4oI36qP"
    "WLuGkxJbOVHh2N32psiwDe0UduBiyfBwFy1pW5Mg+k9FUIL6lc14IxCTZd0hrzv0eux+wP"
    "j92P00e/8Bfp+oY/fjh3ca/fn+48c3b9EFIARVW3Ub2ebMOWXBX8tcBWVdM0HjnT59TFgW"
    "Eb3rqGuv1Gy8TjZ6wHgJMrrlhanN5Ro+hh/AZh8NQpVVTn73bEcGm/e+ZCgONusad1JaTE"
    "SIkEXdMSGKF3EXE/pW2Fg18iicxe6nPFkhQN+1ByoCkn1hTntPi9alApGiChFsC9V+yDP7"
    "MpBHskKYfd10FvY/B9BBewHB3b5FE7ZiUg3dyUnd2YRxQkyE+EHdSMMpyI9YecBcQCelRI"
    "v7fi4TW/9cHFv/nImtx5bnGZQ3+2mTktJL22Qv7SO2dPpFqqg5JSr13GQ9yxhr8UB6mNE2"
    "GWN9iVovE2OVRzfKoxsbEDF4ztGNdeaZncGp0BdwKPQlpILmRBZSLdqbogvpM6Y5DpMbu8"
    "edT5/h5/F7+hO/+zh2Px6dTD0nPevSRipiT0CWS7xEMsdktycqebDRzLRYxpiF71ldRJ3Y"
    "rgVWh8DWwJ2fCS/s7MljssaqhV5jlXaiIj9G5tVnzDmZG/0P7V23ka69+Rn9sB/05RJrP1"
    "jgw2bPtbEDoQzawkFT0zU0qAk5JqwTFrhYzdfoNTFReAA7/VAIz2Z4CofoGTDgr9FS1bU2"
    "Ml3H1jXM+qXDoIG9aiIr+kqZKwpP513n+E3JoIaMXTQyduGZGF+OXFxGpsc96U/03n0egC"
    "MJAX2K289vCAdV/jBcRlJAwLdv0TBjcaybg+Zy0ZxXHuXAkq/4oW31b2/vWIqVbtsuy68a"
    "3o1OYXUxJhdDSJfSzGq5UiclLPuk0LBPss7cic51ilkkIKtbZQzbW5tm0SwuSxMTaUa5PH"
    "ieMOXypHOz2PYP081Vxrk504luzyupPSUqQxfN8WZ6em5ISaLIEXTrOR9aG71FQaN2WYdR"
    "4NIo5zMKvDafj6az0HczeY8D/ueJ9p7d1Y7oz5PPGr0ymbC7x9jz7MB61Vgjr3aGV10IW2"
    "g6N23MHDqBe+eV7ft+POeKOUM5y5h9f54xoUama56fJ+58eotGAT0VeK/QCfgi4ZeFjY0Z"
    "eq3Giaw6bQW96M66rMsnwWNlmwDJYG2mF0i6KOo+jR1eM6UCUTgjKCDcNRwMHqBWmTRc3I"
    "MQCtg1dTiEk5s5nJWUxOGnyX8havy84RxRIUy+bqeohxsveTgpJSDQNZDipbtfuvt3vD7f"
    "mlf0Hs7H4rHZUEA8zvv2LVWWydxzNYUXEM3qno/633qnyMuUGJNvwz4rFPho6hrOEIn2s9"
    "2UuR85KB+VGW5oq2KcjzIDjqf0KmkBcUHpWW+aZ13Gzcq9YeLGzWRSgGhal0kBu9rwyKQA"
    "YZMCyEM34I23cqO88QbtzRFe8qCEJHSOhICIuM7OfmFBS0aXV1kUlC7MpyxQGsYtzRXxgp"
    "3BHc+nz6r9hG79DPt/+48Zk9dfsEWw8ybsyNChwBAY48/IpCMqFBtCnuMVQrsLEMaPtBN7"
    "Dt2Xi7vKIKsMsjZx9Kt716vpj7qtVzilIyMoINxl0C4GO4M1G715cU4ICYhxHY4cNpVUCG"
    "BnJYUAfNeB6wBG7rh1RlCGrcvUrPFA449aZyWFMPe6AyZz09AqRK1TYgJCXSMlQ1JgJAWm"
    "CSa+/dHEod2bs5nOd/pRUkq8MHcN02TgmuBM3E7LCWjU2wf7BYa0b3rfhl8hpm3hR/OhKU"
    "Ftr0YFRKhnlplTjR6iMvl2n5XcFJVpjmK2sSuCqErmJK8pVoK6dDkeQdM0sEoKcsLSsikk"
    "J1S4LgDDK7tF8Gw4vEzsK8/66Y3j3dVZj1ozM2baSHcSLsEIeaMCK8MQmZPRKUP9p62Kh4"
    "lOzvmxbNCqELlNSkpWRnMCtdn4vOdLhEnXMCopO7cDqfMm61wycYrH1cPkZEgmzkvUumTi"
    "cEStJRNHMnFaGSbODaYffaobOjsY4UKfBSeH55ByCtu2N/FzrISUooViHFSdSAhNsLPCmH"
    "i1JOcqIdh4xc7TcphHCopNWgieaWk2q1PpLukTsLqgrWBogQIQb9OOiFoeMiZj8oNuuH4A"
    "+caz11OksgKfFl6ydURYdsGmSCNNXaMZtWM7din6TOo9Na82VOGknRC8gqIMpQsohP6jB3"
    "q5RW//3prohqEEfgr/S8rCCg3l/HDu9Z+zzW8Y/ClnYKl9/vGGff5xZp8f2D4HvjGRJjtk"
    "K6LcKeP77hT7vjsZ33dirCnrbU0IvWhHKxu0c83z6chBINtkO21dd/sXyt3g62D4faD82r"
    "vpnbLK0YpLHuiynih0WsNjwlpBN92RQi1tMOhd+u3opEg3Z4r/Wo5J92p4NxgpV/3bq+7o"
    "/NdTv+aRstDtBVQ2on0Nb0e9CwW2H8M72pJuPn47ZXM33ecBq9Z0aXM6xa7HBB7pt7+7ps"
    "u1XvfqFOZhxW8eTP4Q8PhyN0h/EwvPXJL+Ln7L9Lfx26a/j9eaPn/0vX8edkkf7az8cOf+"
    "g7aHFt9qmUsvTZfHUIfXvcEpAklqZHejoULX78PLbxDjYptQum81jUegaA96vYtb5bp3cz"
    "ukEgRjzVa8k2ZBnYFQ0L4ZkTGweQfyxDnjwWm5mmLvIhXzBsjCl50X64SgJDqU4PB4ezJO"
    "qJNS4uG8/XpZ9FHEVlnx21yf2wbyTkZSPLxr4aZ5x8Rzbs6TcpW8nE1Dei9lKvyBmBf+hJ"
    "hEvyr6/vJYqVqtJV9e6qOqPgxzqlbXRp601EVVXQR70srqKOhAaqSqRvAj1D3OozQXH2QQ"
    "l2nGSQbwWGFOMmC7b9fJzaYtzohLSomwTN11Mlzg9VAmXFGNlJgIyNe9QQghq0JiTIhKRl"
    "tzSC6S0SY+t0ky2l6i1ssw2iw337m20ePgFrjVDprStoMV/AbiG8U0qwRu3luSVHXj9Xlg"
    "6ihLgoussMEcOFDBk+Q3X0+lWW/0m5ejuxVjXobmFeOlROwJyelqJqdL8o4k72hPI3VJ3t"
    "GhUToqMI9u7gYDdqYsHaEJO1M2Okl2TL50+5dA05ipek55v/2QNEIWsmLoBPOcMpsjKY+b"
    "za08z0Cy5+oRz+CclRTPQ7V9ygDj4+WljxeacUxCmm/afFPpFSUhTUlJWNOwJsh9HMBm5C"
    "S0mbiYZZk5CWTF8ZdQQIThddehFzpJWdVchklJ6TJsistQHt79ssNAGQ9lsRMtZhCmm5dS"
    "cuaLffl6gw21IMRdIhv0wN78Iv/ln3V6Hbuupjs94ljrVo67MXa3vcnPqEI7hW46LL1sQu"
    "33uYk0XUOrueq06U9M2sgx/T8hmXU1X5+yavFrpKn2fGLS74o8bm4b2fo9+UknXtYrgcKG"
    "FNlsQm1dDynjBTWXYHzeGiEW3mRZr3QSo5KeLTMc2Z+6Jr2kDfWSxpVZOkciJtNk71Njsl"
    "G8944H4khCQIBrSIxIDjulsyKSYjtMjmvtBOjte/yjAZ0f5mfknTQZ5DpYZQvVeuDZs0cS"
    "AsC76z276TpTk6+wekxklxm1D7ux6BqOfKHLjyy+xcTsoL0kZW+29gqkbNt0Lb7C35GEAI"
    "NL3WO3ZIoWQy+WA5DDMVSnn+NKJa5q3LCUx1aOpyNxv73J17FgLf3s95LOji7yii68spGF"
    "qZXZDrghvC6gghay6bCCkTNXHeavgPJagH0b0c9hmY9YQ5M1UunlObb8vrLejlqewuqHRW"
    "dpx8qIodVcNzCrEhY8jt6DqhSn7GnwW3hnyU79o4/nLxYWd55I90gj3SN7zAAvMXyLqo8c"
    "/B28qK6ESFjSsyuromqm6xYSXKUCvOX2YdEFW/4UiQObKM8a7P3vXQ8Kgp2isI8x6V5f3w"
    "y9WlD+rB5U7vIYhmw5wDiGN72/9c598X/hKZM+7w7Oe5eMbhhWk08vNPazOY7WILweYnFP"
    "nNi+Dz40JO6s2KScgP742sBWqngy05JCAL5rn6aGp7rGbetJKRH4X3UbOiDGjqTmt/QcUR"
    "EQ35el8zvckpKSedU05pWsBNaUnUdhhKx4dHtuhKxhuO96VJNhhOJXQKwwgiw4IbLWcya3"
    "kPnagODRMGDy5QSOhjGWX3HQKOAC1p9+zxUheSnhkWemCRUHPuBAJfZ7Btri7WNcRrizUW"
    "rYO+r20lDXCi/MaTkhHCS1e6RMo7LvPJBtMtCtb/3e997NKXrU8QpbYzK87t10R8MbdpwC"
    "G6JDD/pN6EG3muEBX6q2vTLpZDZX7TnPq5ARbLKKqpJ4P34sw+L9+LGYxgv30meLQ8UFBR"
    "JBFJ3w5DLnSMqk25xSzXBAtUscPacAzealfFpWOqaas3bPbtnoZAwgV/I/JkWlnpusZ0O1"
    "nWDQq6DrHHGp7ybrWzrgiifLw3TFSAfcS9R6wx1w59hy9Jk+VVmpzowPLn67vckNN40acp"
    "z7rNu2izUUE0bmjFGcfeqkf94ybcMozvZbtJExrTvp/WRNjxmzrbpme3xsg7ZM9A6cbL/r"
    "NrJN5CW4I3aaI7qnrWNHQFc65lkytxsSo9xQ/jOyB85z6bKSwjkzt58Y/IgtDzNgtEzpAM"
    "WDeK6wcKBv328GDvdcTkTxsUORhEBJCVvz28h0j30f+DfF9LNyDthJKRHoJnVnqUrKeRbl"
    "OljQ95xlXyIJAQMZddRqXhdF9fLxDQV2mAXj7dEOFuEDyzlaqLDV44S7ddX9ynKIPGlIIO"
    "pe/AbZQ6q2HpPbOzhnvncBuUO2C+nDWGtK8pCj/kEXH2xRpzBgeF6HXOG6lLW/kX3782cc"
    "OCifl1e0uBzskbSAI/72p9Q4dDZWjTzgi0nJ+dJCAL9rgnIIJS97KSMoBPw7GHCUiUvnI5"
    "cT65iUgEAfdU7KTKidk+IZFe4lsfbc1Ureyr34VJuE0Is+1abg2JTiYl9Fp6XsqdoXPE+Y"
    "al+O6agGf82GhJgs2VDZn7XUZnnAE9VaFzgSPYEU5JO1H9Y7LC/WJvh8+w2Nndr6WX/Qvf"
    "ktf1FylmPvZ7+Net0s4HA8UOfjMc88mZSqyYEo0v5n6W2xOezaE5B2XdGuI7eDMllzhyfy"
    "pGU2bNVBfaFquAJDKCYmqX/NYQNJ6p/4JDBJ/XuJWm849Q/CJrrjgjK+4txDalIt2psIgH"
    "rUFgK0Zcu3EhQTfGWj7nUfUfFT9IP+pCsFRr6z5+YKGiLDvLfZoTGwR6YWY7c9Hh2mA5+D"
    "TGoh9McUw1E06ehIjY8aE7gTZLmh1dwMGIe68zNaYfoUvKS/2+j21+5PdJGPXquI/vfTRH"
    "eQRZ9hLoJ+CcaajYiJbMNcIUgqe1OSHCizk3eZnczrdK7b1yzS3s57G3nQjSQkZ+/piDob"
    "aSo4KTKCAvrzazhLBVi8dGpQFjpx86gMxbWjspIC7Zm3Rpn0Ax98hQYTQvJUiSetWG5Ji6"
    "E/zM1JmS2phR/Nh0paT0pKd1NzdqAFmcWuXUnPaVmp6aZpuiHOhi629Om8leNk8O+0N56C"
    "G7WRFb4Oa6FWvId+xJbNSU+PiQi4+ail0A68VBwI+80FRPfoXZlTX2mr4r30u8y5r/SJDi"
    "Y502Yx2ygmsnu+0X4myq0xi/Y6mf35/4yxPbo="
)
