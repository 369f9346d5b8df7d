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
        DROP TABLE IF EXISTS "bank_agreements";
        DROP TABLE IF EXISTS "batch_debit_lists";"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofUlSpU3FSuw43r1bJdvKjDa25CvLyc6OtjiQCFlcU6CWD3t0d+e/Xw"
    "B8k6BM0KRMw6hKOTaJBqXTTTy6Tzf+01lbOjKd9zcOsjsn4D8dDNeI/JK63gUduNnEV+kF"
    "F85N1tAjLdgVOHdcGy5ccnEJTQeRSzpyFraxcQ0L06Z9YFq3BgaGjrBruFvwFoIf6GwFXW"
    "BtEDb0dwBivQssvEBgbnn0d8N1gI2g+Sf6wcCGPMvC7+njdGtBnmfg29p79rDxbw9prnWL"
    "3BWD5dd/kssG1tHvyAn/3NxpSwOZego1Q6cdsOuau92wa0PsfmUN6YeeawvL9NY4brzZui"
    "sLR60N7NKrtwgjG7qIdu/aHgUTe6YZgB7i63/SuIn/ERMyOlpCz6QqodL+B4ivdTRtNJ5q"
    "14OppnVy6golEjgHlxYWpqomH9Vh3/6WfoQ/9Q4+ff50/PHo0zFpwj5mdOXzH/6jY2B8QQ"
    "bPaNr5g92HLvRbMIxjUH0N5oEl6rX5yMYSGXTJx86iG2LZXnjX8HfNRPjWXZE/jz7twPJ7"
    "f3L2c3/y9ujTO/pAi7yO/ks6Cu702C0KdwyvjW7pJxKAN5aoB97wQoxvPIDsHeCDoxIAHx"
    "wVAkxvpQE2AkwFEE6IVII4sM92IvzpQwmEP30oRJjeyiGMvfUc2ZpDBnTEGSum6PfCUTgv"
    "KwPmOzCeDv4+pT2vHeffZhLbt5f9vzPY19vgzsV49FPYPKGLs4vxaaEO2BcWtPasaEMakG"
    "ncjlFbQ+eOZ/RlEI9lZTD6NOYfeyUw/9grxJzeSmPO/hfAOWwvH7b12zNblmvQzeN7TjBy"
    "jTXiY5yUy+CsB4Lvw19eHuq7hvHh5eB62r+8So3l5/3pgN7ppcbx8Orb7MIl6gT8GE5/Bv"
    "RP8I/xaMDQtBz31mZPjNtN/9Ghnwl6rqVh60GDehKT8HJ4KaXhe2Qb5ItUUXJGVOn5Reh5"
    "vhUZLDNi8o2ZvTJjZq94zOzlxsyFjSgWFV6otGQN71PrdnXkC+pjbG4Dq3ghL1hgwLn3i7"
    "qclncJ/wi9MIeLuwdo61rqTmweOlqYkOiMQOfkDeQ0kP76bYJM1ohjCoEf8Dzu6QXawh+h"
    "9YdXY5uIwdrA7RpRgScBdeX3IitIDrwngwaBKnD6VgfqmvZ0RTuSFas5dBcr8uy54WoOcl"
    "3S4RMxO6U9ntMOr/3+5IUO32mQDJmohlfylHTWD/uSCTE6BVg9q2hSyN9a99bZKxDDW/aV"
    "6LPpkwLQBveIPSgXEfJvdHeFhNB9qLTHY0JjjIDjEmWAxQriWwSsJYAgMXF1QTAwA8uOfj"
    "VctD4BDyurS35AtwuWtrXuApf9vaU/ECdK1PCzHo8b/drxw1O0tf+bZuidfwqFk06N29cS"
    "UfrS6338+Ln34ePR8eGnz58Pjz9EoaX8rV0xptPhTzTMlFqvPR53inVVdgcTS0gYGKl/9x"
    "K/AkJWnhJ73NhfAtB7tPcYfjIuCwb+YgkJ7bv+sBSdKDQ24YiAnJZSXpDHxxGyVRZGOSmj"
    "MH4cY/LqW7bgWOELSDhUNEHCgA5vLC6OW8cS+wO402l2i7O3YDVd8+XB/tv1eMQHO2yf9Z"
    "MaCxf8F5iG09iqo/OXpYfZtAvmnmGSTb/znj72r8+gCorPblVkUe+mfZ+0g6wqlAu7eNB5"
    "tS7sJj0bSVc2x7+R8XQXezmyzvUy/FfmOH3jBD4HpIMlQmBp2cDCCJBX27MhZahS3VLCKm"
    "WlGpbuuxzIBeBtyDMQJL87DnIc6p/gkWGbekwZDwflAwd7s8QLSpr92ll4tk260gLPCvN9"
    "0Ovs45K/YvpP9BljGhz7iHTNZge9Rcs39PvGIJbJHqNcKa10pSTeFTIkiCwj85LSUXrrpy"
    "kpSm/DlF47EXQoD3FhoEKBzAM5mhZE2dM5QQnhrt9bFaFWmUpd3IMUCtj3JjW/LBJ+AZ7G"
    "py6hAJkI1RFq4nxqjqgUJt/0QsXHTZRVnZaSEOimbBuzBQg0BcOaXGH5nOYNpGjktrGlEz"
    "TyG2D5zLyR8YR5Fu7I9xO08JSchGDXvz6/taEuZNSRgHxjR/2mTB5HPsDcY56POXSQtkSc"
    "/eYuH1ZhF5VIE23D/1k4Eyk3pMgAk5GTcIApM74UDy/53b+PGBIcyFNSCuXHUI4d/IJ+2Z"
    "yghFjX72OBBI+F0No7lpAQ4IPecZlFSe+4eFVC72UwXlsesUrdqzBj5mUVv7DyXGkaGHGo"
    "+8Usi0igHTQL+jxpaBY7CHID7K2ZQobkE9I9Z04xT2PK7elt6JwPzi76k8H5SRT3nuGryf"
    "hscH09HP10Aja2tSBzFtHKDH8fD89py3vL0H1/3fPvpyi79h5pd0hsgkhJ1bKzalFs9OCo"
    "zBxMWu3AmRPp4LIBLMtEEBc5CLiEgDmRaeoNiK7sd/Q5HY8vUqPP6TAbq7i5PB0Q0BnkpJ"
    "HhFkwA/stVJds/Kahy/Vud609UpYmzVzNiMjiE9h0eTOzAbERGLqfSq1bci3rv2vzeJUhv"
    "ghpPSyott1nLihxdvE6Uixyd1Lq30StqPS2ptN4WrXNe9lzNAw47Or9H2RXt4cqrUE9V91"
    "WCyJ5WQqEGEhIyuQ2fVNg5l/SRBjiP7lfLRsYt/oa2OZ8Uv7xHWKL8hYFbVNWDXLbhQ5TB"
    "kDQq8t3JN0b+dntCxpvJ8Gza2TWI1ABv+YJGLRs1ygLMHzcLsC5TdSvqyEXreqpJDUlPEp"
    "l4o4VrzlYQY2SOLNdYGovCNC9es+6udK+FL0Bm71iiZN7X4B7ZW2BgVqkUBB2BZEddcIc2"
    "LiB22QUPhrtilWbAAwK6ofsXDE6iV439lsnsWprw9tZ3lttogYz7ILVL5Vy1MucqsAeRWE"
    "JCpM2RnoqxhPqLIiRfNe5ScUdl6LyoDE7Qphm1rLSYMJs2LSUfzvUTVSyP4EXpmoK0oKyc"
    "dHX86yd6UshstKRFzMWxTglKB3b94wdZMVE2iQjMCREJJ8UmcmP/hRZuYUxwV4JsRlAN1C"
    "VqjMWLcgE6Q0JKMRoEGA0rRKY2XuXjYlJbQqQdtDapqgfNLZ3DlirmHYTtpRjJ9804oOBp"
    "jvF/nLV34Z4+JbM/r/iHpobzWs46zEK6gr3DI5GpMiMm30TZxPFCBDLynfGCQSI2X+aF1b"
    "QpMG06lmcvhHbssYSy7TLVI4sQLl6XJGWetDBpGdb7XoEkXeE5+HezNTKiiq7RFrpGyysY"
    "hiFZTlgrEa0tDmUlT7p5PHp1aWG0BWuLGCp4a9nAtcAc+X+/A+7KtrzbFSssGAagwkKD5L"
    "+1ZaPkAQtOPohVf/dPrFIYJbskyFRBmUJDBbxaHPB6Vp91yxSiCgzuE+D6nagqeNt8RXs/"
    "17dqjrDKD642fieLwsYfVsDOM2IS2vpBbxe4cVr85x1p8Z+z5v4KEoDPJgOyMTg/AcGSbo"
    "b7P/rD6XD0k3bV/+VyMJqeAPgADXpyXkj3m+Gb0bfR+MfoBHj4jiz28Qxf9YekE7rcm2Gy"
    "DbxmXZqWQ3v82h9e0L+X0DCrJQ73ysSAesUxoF5B5U5rg7AYByUr12bltsbXsrERwU2Q7Z"
    "MSUh6tx1Emj8KOf9yUINR5Sdly4puoDkl3thXXQxxhlXRSdU0U+hhyGtjtSUyIqYTO9uR4"
    "5VP76LLBsxFRnVjpxKycmkMeH9VCzMSrE+QlZcB733QBlaL+Gka06JRu4YTVrGRDqwZZHe"
    "H8g+Zp0FZYEwUdKIVUVIgq21CsELkiwqpsg8xa50yAubINqkyAKhPQ/FKxhjIBZVLXVxTi"
    "7MGWmXWEQPp65izNF7lIz2evp074UDn+JVDys9SeiNOEdSITRHvgiDGrKuaJhUb3KFcsLm"
    "bxOGFsjFOkrDcOcFbQRsBaAgiC/rrs3FnDdQCdjgl6lPcVHjubJ4nV0yWHGPZrJ1EpJfEE"
    "n+SVoowlTyINZm//OZofHfU5YuRSkjKWapEQ0cl6iJa7VmSylpLJFDvkuSMhwZsixuVLS0"
    "nH5Gvg1M/sCFWFHpIf5vbGJKCFNDR/1O2IqaBD712NrxljJO5lhuk1v2C8/7X8K7RV2CJP"
    "GXk6LaSB83MDrZDVV5VXKBCTIfLRePw8gozGi4SDewXi8iHf3PAlHuPLS8qA975jfCGK0C"
    "X7g43L2eIV80Y4oipBmLcMquRTTgmqEGp7PMj5wEFuU1hB1Vl5pfE2a1wFCIsH0JcZKlIB"
    "wteo9TIBwrzfsLw3ieNzVB6l6tzaaoX1ayio/3oVsCOw+xw1ytumiLLh3VLFyQtGnRoAFg"
    "vkvlSQ86OtcChdKKSXDZAWx0fHGE0t8qPGKGk7V/f8IKlA3DP4/pyQZ4xMcbQzEaguWxjD"
    "Ia8loAqOilW4KxTGJN84wHrAYemKE1a3Ih+5BNAFa7LoILcXqKhCRiPPKVMqY0c9jOSYRH"
    "765TO8xQIhXdWGf+6Zt7sjuvnMNYdbppKGi2WoWg6qloOMS/s0w6tS5KuOiFfrFNBwyEs8"
    "1PXEEFfbAN53jOulVc4IfcQdMfw55TOuJuOzwfW1T4awrQVyHMaHuL45OxsMzmnbaLmX5U"
    "DwWBLjr18vhqMBWZ8ul2Gg4vl5EsF6RqzMQEpIVRhIY5xnSAQKp2tHZCMsVgyWKyxDtH5f"
    "GdAq21xlm8s+S6uQarHpv8zgmgqpvkatlwmppnyMgnrPyiqiTHsUzaFGqZhtS4LmLlpX10"
    "IsXEtNiVfiwVex8/3FzkVCuvy3I6+LMGorpomSicCteieEVREPCGX08aRM2Gt4j/QrWuq0"
    "w4kKJ+52d0WGHdpOYxVTS4aH+2BD2loYkH8Q0Pz8Nw47U4XGZFl3wO8OvJ15nxD6OPM+Lz"
    "9+or/P4cw7/PRBJz8/Hh6+ew/OKUI0pdVwgGMt3RMW/LWthzDnNRc03uvTZ5idsEvuunDr"
    "5+EmiwiAO4Q2VMaw/TC1tdnSjxEEsNlHo6HKKqc3+Lajgs3PvmQoDjYbAeg5FRQ7oBIiUo"
    "Qsmo4JEbywt56Tt8JBMEhALOt+4slKAfq+PVAxkOwLC9p7VrQpFcgUVYhhW0Pnjmf2ZSCP"
    "ZaUw+6bpLOx/AaDD9hKCW79FY7Zigqbhco613YVxSkyG+EHTSNMS8fdIu0NCQKelZIv7fi"
    "kTW/9SHFv/koutJ5bnOZR3+2nTkspL22Yv7T2yDfJFqqg5I6r03GY9qxhr8UD6MqNtKsb6"
    "GrVeJsaq6tqqurYtiBg8pa6tUDKeYFThlJbMP6cV8y/oMemcyEKmRXdXdCFbgF+g0ubMO+"
    "p9/kJ/Hn0kP9GHw5l3eHC88J30rEsHQMCeAGwP+4lkrsVuzyG+c6ITlf0zWrvAwI5nU6sD"
    "1NaoOz8XXtjbk2d4i6AN3iJIOoEgiJGBB8NdAc6xBeB/SO+GAwz93Z/Bb86dsdkg/TcW+H"
    "DYcx3k0lAGaeGCheWZOi39NsOsExa4eFhtwVtsgeh0CvKhAFou0YJWGDXpgL9lZwN2geW5"
    "jqEj1i8ZBk3ETh0jnw3r1gOBp/ehd/SuZFBDxS5aGbvwTUwsRy4po9LjHvUnqrOkG85viA"
    "ZV8TBcTlJCwOu3aDpjCaybw+Zq0czhn7205CtxaDvjm+kJXUvM8PmYJkfpVrXMqOMSdnxc"
    "aMbHedft3BAq6BgLqDKOOTP2V6J5NP92PR4VEJVjkaznxFi44L9sUdsUrp2/LD3sL2fnnm"
    "GSJbPznj7vr52GAN+BJoUo5TTJBeuzcflu2htCO1DpIrI7tcq4MpcGNpxVJbVnRFWgoj2+"
    "S1/POVfbczuGrn1XQ2enbyhs1C3rHgodGOU8RKGP5svBYhl5auYfUcj2PNY/srv6Afl5/E"
    "UnV+ZzdvcI+X4cujo1t8CvlOHXEkI2WKwsBzH3TejMeeMEnh7flWItAWcZ89yfZ4aJkRm6"
    "79VJupreg2lIRqUsV9oJ9TzSX9YOMpfgLUzSVg3SivZiuNuyDp4Ua5Ut+RVftZ0+H+WQaP"
    "pgCvqaaRVowTlBCeFu4IyEELXKFOHiHqRQwL6JwhGcwjzhvKSiCZc4niVETZwlzBGVwuSb"
    "doH6uIlShdNSEgLdAAVeOfeVc3/P6/PavKK3NhQrTBQJyMdwr99SVVHMZ66d8ApiV/2z6f"
    "D74AT4eREz/H08ZGUB7y1DRy05B1FlenBQPigz3JBWxTgf5AYcX+lVkgCSgsqz3jbPuoqb"
    "lXvD5I2bqRQA2bSuUgD2teFRKQDSpgDgu37IEu9wo7zJBt3dEV58p0WUcwH6f0xTZye9sK"
    "AlI8dDFgUlC/MFC5RGcUvrAfvBzvCO79NntX0it36O61//Y2b47VdkY+S+izoyDVpOiBrj"
    "n4FFRlRaWgj4jlca2l1TYXRPOnFWtPtycVcVZFVB1jaOfk3venXj3nCMCmdy5AQlhLsM2s"
    "Vg57Bmo7cozikhCTFuwpHDppIKAey8pBSA7ztwHcIoHLfOCaqwdZkKNT5o4lHrvKQU5t50"
    "wGRlmXqFqHVGTEKoG6RkKAqMosC0wcTrH01c0r21XBpiZx2lpeQLczcwTYauCcE07aychE"
    "ZdP9ivMKQ9GXwff6MxbRvdW3dtCWr7FSlohHppW5za8zQqw7f7vOSuqEx7FFPHrohGVXLn"
    "di2QFlah43gELctEEBfkhGVlM0jOiXBTAEZX9ovg6Xh8kdpXng6zG8eby9MBsWZmzKSR4a"
    "ZcgjHyZgVWhikzJ6NXhvpPWhUPEz3OabFs0KoQuU1LKlZGewK1ipUhf3xesTJeo9YVK0Mg"
    "gqlYGYqV0cmxMiaIfPSFYRqsJP65sQzPjOYQNArbdndxNeyUlKZHYgK0jVgIzJH7gBD2qw"
    "iuIMbIfMNOUnKZd4KWGbQBfaatO6xCobchT0BwTVrRoYUWA3if3ZQ28pAZnuHfyOL7N0rE"
    "8O2VbJNZaUcbbdg6IkrBdwjSQIdbsCR27CQuxZ8J3hLz6tL6i6QTjB5ogn7pZPrIl3BHLn"
    "fI7V87c8M0tXDPGnxJlWTfUv6H4L7vKVu+lsGfcQyV2vMd7djzHeX2fKHtC+CbEGmzc64i"
    "yr0yftBesR+0l/ODpsaasp63lNCrdrqxQZtrno97kUPZNttp56o/PNduRt9G4x8j7efBZH"
    "DCagZrHr4jy3qskWkNzTBrRbvpTzViaaPR4CJoRyZFsjnTgtdyhvuX45vRVLscXl/2p2c/"
    "nwT1b7S14axplRvS1/h6OjjX6PZjfENaks3HLyds7ib7PMqwtDzSnEyx2xmmjwza31yR5d"
    "qgf3lC52EtaB5O/tT5/fVmlP0mNlp6OPtdgpbZbxO0zX4fvzV5/vTH8CzqkjzafQhCX88f"
    "wHtpsY6OtfFTNkUMdXw1GJ0AKkmM7GY61sj6fXzxncY72CaU7Fst857SdUeDwfm1djWYXI"
    "+JBEZIdzT/jFGqzlAobN+OKAm1eZfmDAvGBrNyDcVhZSrjTCGLXnZRrFOCKuhdgs/h78kE"
    "oU5LyYdz/bWTyKOwA1khVK7PbQeRIycpH96N8JQSZ7WX35yn5Sp5OduG9LOULAgGYlH4U2"
    "IK/aroB8tjrWrlDr680kdVfZjWAlbXBk9a6aKqLsI9aWV1FHSgNFJVI+ie1sDl0VuLi9on"
    "ZdpR1Z4+Vpqq9mz37bnczMri7Ki0lAzL1H0nRoVeD20uFNXIiMmAfNMbhAiyKoS2lKhitL"
    "WH5KIYbfJzmxSj7TVqvQyjzfb4zrWdHgevwK32oilte1jB7yC+EUzzShDmvaVJVRO/zxem"
    "jrIkuNgKW8yBoyp4lPwW6Kk0641883J0t2LMy9C8EryUmD2hOF3t5HQp3pHiHT3TSF2Sd/"
    "TSKB0VmEeTm9FoOPrphNJyMUEuearoDH/tDy8oTWMJDU6pt+chaUQsZM00MBI5cZQjqY4e"
    "5VYhZyA5K3ggMjjnJeXzUNVPGWB8PF4qcaEZJySU+WbNN5NeURLSjJSCNQtritwnAGxOTk"
    "Gbi4vZtsVJICuOv0QCMgyv+w69kEnKruYyTEsql2FbXIbqIOfXHQbKeSiLnWgJg7A8XkrJ"
    "aSD29dsEmbAgxF0iG/SFvflF/ss/mvQ69j3dcAfYtbcdjrsxcbe7y88IaTuNbDpso2xC7Y"
    "+VBXRDBw8r6HbJT4S7wLWCP2ky68Nqe8Iqh2+BDp3V3CLfFfjc3C5wjFv8JwP7Wa+YFrkj"
    "yOYTapt6SBkvqLWhxuevERLhTZb1SiYxIunbMsOR/WnoykvaUi9pUpmlcyQSMm32PrUmG8"
    "V/70QgjiUkBLiBxIj0sFM6KyIttsfkuM5egK7f4x8P6OIwPyHvpM0gN8EqW0P7TmTPHktI"
    "AO++9+yW5y4ssSLbCZF9ZtTe7ceiGzj+gyw/8vgWE7PD9oqUvdvaK5CyHcuzxYpAxxISDC"
    "5Nj92KKVoMvVwOQAHHUJN+jkuIPWhOWMpjh+PpSN3v7vJ1rFnLIPu9pLOjD/yiC28cYCNi"
    "ZY5L3RB+F7SCFnDIsIKAu4Iu81fQ8loU+y4gn8O27pEO5lsAyeUVsoO+8t6ORp7C6ofF5y"
    "onyoiBh5VhIlYlLHwcuUerUpywp9HfojsbdgIcebx4sbCk80S5R1rpHnnGDPASw7es+uDg"
    "76J1dSXEwoqeXVkVVTNda0hwVQrwl9sviy7YCaZIFNpEedbg4H9vBrQg2AmI+pjh/tXVZO"
    "zXggpm9bByl88wZMsBxjGcDP42OAvE/4UWTPqsPzobXDC64YIiZLaGcRivQUQ9xPKePlC/"
    "Dz4yJOGs2LSchP74xsDWqngys5JSAL5vn6aOFoYubOtpKRn4X00bOkWMHU8sbukcURkQfy"
    "5LF3e4pSUV86ptzCtVCawtO4/CCFnx6PbUCFnLcN/3qKbCCMWvgFxhBFVwQmatcya3iPna"
    "guDROGTycQJH4wTLrzhoFHIBm0+/F4qQvJbwyBPThIoDH/RAJdGj55My0p2N0sDe0XA2Jt"
    "xqojBn5aRwkDTukbLMyr7zULbNQHe+Dwc/BpMTcG+gB2TP8PhqMOlPxxN2nAIboiMP+iTy"
    "oNvt8IBvoOM8WGQyW0FnJfIq5ATbrKKqJN7DwzIs3sPDYhovvZc9Z5pWXNBoIohmYJFcZo"
    "6kSrrllGqmhxV72DU4BWh2L+Wzssox1Z61e37LRiZjCnIl/2NaVOm5zXo2oeOGg14FXXPE"
    "lb7brG/lgCueLF+mK0Y54F6j1lvugDtDtmssjQVkpTpzPrjk7e4uN9wibihw7rPhOB7SQU"
    "IYWEtGcQ6ok8F5y6QNozg778FOxrThZveTDT1mxrbquuPzsU3SMtU75WQHXXeBYwE/wR2w"
    "0xzBLWmdOAK60jHPirndkhjljvKfsT0InkuXl5TOmVl/YvA9sn3MKKNlQQYoEcS5wtKBXr"
    "/fjDrcuZyI4mOHYgmJkhJq89uodI/nPvBvgchnFRyw01Iy0E2azlJVlPM8yk2woG8Fy77E"
    "EhIGMpqo1bwtiurx8Y0E9pgF4+/RXizCLyznaA3pVk8Q7s5l/xvLIfKlaQJR//wXmj0E9e"
    "0MX9/Qc+YH5zR3yPFo+jDS25I85MLfyeKDLeo0BozI68AVbkpZzzey1z9/JoGj5fN4RYvL"
    "wR5LSzji1z+lJqFzEDR5wBeTkvnSUgC/b4JyBKUoeyknKAX8exhwtLlH5iNPEOuElIRAH/"
    "SOy0yovePiGZXeS2Ptu6s13sq9+FSblNCrPtWm4NiU4mJfRaelPFO1L/o8aap9uZYLTfGa"
    "DSkxVbKhsj9roy95wGNobwscib5ABvL5NgjrvSwv1i74AvuNjJ3Y+ulw1J/8wl+UnHLs/f"
    "SX6aCfB5weD9Q7PBKZJ9NSyoH4+Hpk4++xBQzbF1CGXdGwY7+DNt8Kxyd40iodtuqovoY6"
    "qkARSogp7l976ECK+yc/C0xx/16j1lvO/esj21isOhzaX3Cnu/NkmriNyrrd83qjsazbe7"
    "JKEwwZJ0QkdPA1kvxGXyoBhIPmEqJ78KHMSSykVbH79EPuLBbyRBdhziRa7AFMiOzfB/g8"
    "i+LavH3POpn98f8v0qhP"
)
