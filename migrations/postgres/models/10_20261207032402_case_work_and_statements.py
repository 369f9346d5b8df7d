from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "reconciliation_statements" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "run_id" BIGINT NOT NULL UNIQUE,
    "channel" VARCHAR(24) NOT NULL,
    "bill_date" DATE NOT NULL,
    "sha1" VARCHAR(40) NOT NULL,
    "size" BIGINT NOT NULL,
    "content_gz" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_reconciliat_bill_da_5d2e91" ON "reconciliation_statements" ("bill_date", "channel");
COMMENT ON TABLE "reconciliation_statements" IS 'The statement file a run read, kept as read (gzip-compressed) so a person can download';
        CREATE TABLE IF NOT EXISTS "case_claims" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "subject_type" VARCHAR(24) NOT NULL,
    "subject_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "active_key" VARCHAR(48) UNIQUE,
    "claimed_by" VARCHAR(32) NOT NULL,
    "released_by" VARCHAR(32),
    "released_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_case_claims_subject_6683ce" ON "case_claims" ("subject_type", "subject_id");
CREATE INDEX IF NOT EXISTS "idx_case_claims_claimed_2bcfa9" ON "case_claims" ("claimed_by", "state");
COMMENT ON COLUMN "case_claims"."state" IS 'CLAIMED: claimed\nRELEASED: released';
COMMENT ON TABLE "case_claims" IS 'Who is working on an exception. `active_key` (subject) is unique while claimed: one holder';
        CREATE TABLE IF NOT EXISTS "case_notes" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "subject_type" VARCHAR(24) NOT NULL,
    "subject_id" BIGINT NOT NULL,
    "author" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_case_notes_subject_768e91" ON "case_notes" ("subject_type", "subject_id");
COMMENT ON TABLE "case_notes" IS 'One note in an exception''s thread: who wrote what, when.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "reconciliation_statements";
        DROP TABLE IF EXISTS "case_claims";
        DROP TABLE IF EXISTS "case_notes";"""


MODELS_STATE = (
    "eJztXftT20i2/le6/EuSKk8KHCCEmbtVBpwZNmBzDSQ7O95SZKuNtcgtrx44nr3zv98+rf"
    "fLqIVli6arUgSkPi37O0f9OOc7p//bmpsaNuz3dza2Wifovy2izjH9JXG9jVrqYhFdhQuO"
    "OjZYQ5e2YFfUse1Y6sShF6eqYWN6ScP2xNIXjm4SaNpFhnmvE6RrmDi6s0Ijt7O3f4BU9A"
    "2fzVQHmQtMdK2NTAs5M4zUycR0Cb08pU0mM5UQbLyxETwRLWcmsvV7gjVEe1zqzgzpDvsc"
    "mjmhH0Qn99t55IioLv1tQpFBb0etX3yhv538woR07W8j+qlsjNF3CuL74IO8pzcf9Qm23/"
    "sCiv/o7+/Cz0jgc5EJRmN6Q2uPCH0csrBq/ARaQgsKvEnew3d2if4fFyuOeY/ptwBN/vEv"
    "elknGv6B7eDPxYMy1bGhJRSta9ABu644qwW7dkGcz6whwDlWJqbhzknUeLFyZiYJW+vEga"
    "v3mGBLdTB071gu6J+4huHbSWAS3ieNmngfMSaj4anqGmBFIO19gOhaS1H6g1vlpnerKK2M"
    "hQUSMQvwL01MAtZJP6rNvv09fISfOvsHHw+OPxwdHNMm7GOGVz7+5T06AsYTZPD0b1t/sf"
    "uqo3otGMYRqJ5VZYGlJmflIxtJpNClHzuNboBlc+Gdqz8UA5N7Z0b/PDpYg+XX7vDst+7w"
    "7dHBO3igSUcQb1zp+3c67BbAHcFr4Xv4RBzwRhKbgTe4EOEbjXlbB3j/qATA+0eFAMOtJM"
    "C6jykHwjGRShD79tlMhA/2SiB8sFeIMNzKIEzc+Rhbik0HdJwzVtziH4WjcFZWBMzXYHzb"
    "+8ct9Dy37f8YcWzfXnX/wWCfr/w7l4P+r0HzmC7OLgenhTpgX5jT2tOiNWlApHE7Qm2u2g"
    "95Rl8G8UhWBKNPYv6hUwLzD51CzOFWEnP2PwfOQXvxsN28PbN1uaI6WXzPKUaOPsf5GMfl"
    "UjhrvuD74JeXh/q6Yfziqndz2726Tozl593bHtzpJMbx4Orb9MIl7AR9u7j9DcGf6J+Dfo"
    "+hadrOvcWeGLW7/WcLPhPdp5kKMZeKqsUxCS4HlxIafsSWTr9IFSWnRKWeX4SexyuewTIl"
    "Jt6Y2SkzZnaKx8xOZsycWBiwqPBCJSU38D41bldHv6A2IMbKt4oX8oL5Bpx5v8DlNH2I+U"
    "fgwlidPCxVS1MSdyLz0PDEUKnOKHR21kBOfenPX4bYYI1yTMF3XZ5HPb1AW/grsP7gamQT"
    "EVgLdTXHxHkmUNdeL6KCZKuPdNCgUPl+6upA3UBP19CRqFiNVWcyo88e645iY8ehHT4Ts1"
    "Po8Rw6vPH6Exc68qCodMjEG3glT2ln3aAvkRCDKcDsmEWTQvbWvDNPX1GJes++EjwbnuSD"
    "1nvE7EGZIJZ3o70uioUfA6U9HcYaEIxshyqDBYjusRcsik1cbeQPzBBVCn7VHTw/gRhSm/"
    "5QnTaaWua8jRz29wp+YC+Wk4hf1fysp+NGf7S8eBW09n5TdK31L65w0ql+/1oiSp86nQ8f"
    "Pnb2PhwdHx58/Hh4vBeGlrK31sWYTi9+hTBTYr32dNwp0lXZHUwkIWBgZPO7l+gV4LLyhN"
    "jTxv4SgN6ivUfw03GZM/AXSQho35sPS8FEobAJhwfkpJT0gjw9jtCtMjfKcRmJ8dMY01ff"
    "tDjHCk9AwKGiDhKGaueNxcVx60hiewC3WvVucbYWrIY1Xxbsv98M+vlgB+3TflJ94qD/Q4"
    "Zu17bqaP0ydQmbdtHY1Q266bffw2P/tgNVAD7rVZFGvZ30fUIHaVVIF3bxoPNqXdh1ejbi"
    "ruwc/0bK013s5Ug718tQdpnj9I3t+xywhqYYo6lpIZNgRF9t11KBogq6BcYqsFJ1U/NcDv"
    "QCchf0GVilv9s2tm3wT2TdHPU9poyHA4i6/t4s9oLSZn+0Jq5l0a4U37PCfB9wnX1c+ldE"
    "/wk/Y0SDYx8R1myW31u4fMM/Fjq1TPYY6UpppCsl9q7QIYFnGZmVFI7Su3makqT01kzptW"
    "JBh/IQFwYqJMh5IIfTAi97OiMoINyb91aFqFWmUhf3IIQCtr1JzS6LuF+A5/GpSyhAJEJ1"
    "iBo/nzpHVAiTr3uh4uHGy6pOSgkIdF22TdgCRDU4w5q5wuI5zWtI0chsY0snaGQ3wOKZeS"
    "3jCfMsPNDvx2nhCTkBwd78+vzeUjUuow4FxBs7Nm/K9HH0A4xd5vkYqzZWpjhnv7nOh1XY"
    "RSXSRNPw3wlnIuGG5BlgUnICDjBlxpfi4SW7+/cQw5wDeUJKovwUypGDn9MvmxEUEOvN+1"
    "hUiseEa+0dSQgI8H7nuMyipHNcvCqBeymM51D5RdHcCjNmVlbyCyvPlYZOcA51v5hlEQo0"
    "g2YBzxOGZrGGINcj7pwp5IJ+QthzZhTzPKbclt6G1nnv7LI77J2fhHHvEbkeDs56NzcX/V"
    "9P0MIyJ3TOoloZka+Di3No+Wjqmuev2/1+Cti1j1h5wHwTREJqIzurBsVG94/KzMG01Rqc"
    "cyIduWwA0zSwSoocBLmEgDGVqesNCK9sd/Q5HQwuE6PP6UU6VnF3ddqjoDPIaSPdKZgAvJ"
    "erSrZ/XFDm+jc615+qSuFnr6bERHAIbTs8GNuBWZiOXHalV624F/neNfm9i5HeODWelJRa"
    "brKWJTm6eJ0oFjk6rnV3oVXUelJSar0pWs952TM1D3LY0dk9yrpoT668DPVUdV/FiOxJJR"
    "RqICYhktvwWYWdM0kfSYCz6H42Lazfky94lfFJ5Zf3CKqqvzBwi6p60MuWugwzGOJGRb87"
    "/cbY224P6XgzvDi7ba0bRDYAb/mCRg0bNcoCnD9uFmBdpupW2JGD55upJnVBexLIxGstXB"
    "PYa05qV8yUi9O64mXAnk7pujIJXqG5+Yg19BaOPTDRGHt/v0POzDLd+xnLuvIPJgizsOh/"
    "c/oqxqvP2NlUrs13/8wUrjASEFtp+jlcuiYzsHa9ellziILrKA7wrzjj/Gk5mX2Vii/I7K"
    "utB8r8wY4H4ZiIgBDXUO7DI0JUJVBI8kS18TueMRt9WA47T4kJaOv7nXXgRpyhj2s4Qx/T"
    "5v4K2BFnw173FigP/pJuRLrfuhe3F/1flevu71e9/u0JUpeqDmVFg73QiNz1v/QH3/onyC"
    "UPxFySEbnuXtBOYLk3ImeXgxvWpWHa0OPn7sUl/D1VdaMaq6JTJtzfKY72dwrSGi085XmN"
    "EkJNVmtjUl00DAew8Q1VgYQABYxqz4W2MLXJXHfkGiuOC4kQYq/biOmjiO0VOeSEOispGh"
    "OrjpxEcBlUXGjmCMtQR+WsFt95k9HA+mhjTEzSCJoTWcwGlGE95lpYgXNVeUa1tJycQ54e"
    "1QLM+DlxWUkR8N42LU4So17DiBaeDcFNk0hL1rRqEDXCkH+8CaTKcGuioAOpkIoKkWTBYo"
    "W8TNqYJAu+Rq2XIQtKcpokpzWAO/U0Oa0MYWoGEO/qrMJmLtLXH48mmWVlULLw1CXaM3Ea"
    "sk5EgmgL5DtmVcUEvMDoniThRRTKcgfJxcaQNzayZ6rln/Hm99dm1c51x0YwHVP0gFAXFD"
    "vPPy/u+V3mMO7+aMX4ubEneOy5BBcvXv/an7295/jH13jkO3opzsVLtIiJaHQ9BEUWJEuv"
    "oSw9SbvZdSTEf1P4SJJJKeEokjXUmk6PUFV4N9lhbns8AmI6ijfqtvhU0IJ714MbRsWJeh"
    "kRuOaVKfG+lncFWgUtslyc5/NtamAq+FrhZdwkxUSIfNQePw8hg3gRd3CvQFw85Osbvvhj"
    "fFlJEfDedowvQFF16P5gkXc+eDFvJEd0e+ulvXoXS89yhqUBruRTTgjKEGpzPMjZwEFmU1"
    "hB1Wl5qfEma1wGCIsH0JcZKpIBwteo9TIBwqzfsLw3KcfnKD1K1bm11cq5bKCMy+tVwJrA"
    "7i4qYzRNEWXDu6VKYhSMOhsAmC+Q+1JBzo623KF0rpBeOkBaHB8dEHxr0h8bjJI2c3WfHy"
    "TliHueeenlfdPRp/qk8GzpvGbtdXFQP22dTvKRRMl4aO8RWyukk7FJNRPWB4l31EYPeOEg"
    "aoxttNSdGVrOVActMdJ0zbug55wuvcF+y9QimRrq/b3n27bwBOuPWJYZ2fnqpjiAKUsz1F"
    "6aIf6qcWYp5oiK4H6uO9CCH2ERxCDiADspJR7Omw+r7LRGUcMyCGquUQSQecu/ClgnBIUD"
    "e/PjB10xwRE2PDDHRAScFDfPOrDwv/HEKQzIriu9lRKUA/XTA3VsUZ5aaK87QyUmJY9R4T"
    "hGZYbp1GZxnaQVE2nGWVrwWGHO0hqbWs4RTcWkj6C9ECP5trkeAJ5i63/mrL2LM0vjMpLd"
    "kcncZfDM1M7hEc9UmRITb6Lc/MqPQUa/M5moDvd8mRWW0ybHtGmbrsVXkSySkLb9tG3TCb"
    "IA4eJ1SVzmWQuThmG97RVI3BWegX89qSMlKlkdTWF1FHF5MrHsDcUBOUNcfogvJ6oVBf+K"
    "A1mxXMyyRfVtTBwEnz0sdO/McJB298ZG5pIE4acTVvM+m5yHVAfNqQbo7Qkuqq5fy3PKhL"
    "bW1NKPh93pT3bVdicTjDUZ/2py/GvHftWGqaRmJ7YMNso68CKy15IrvUrJXZtI6mqcAmr2"
    "avNncz0zatA0gLft2ntpVfeDNAhOP3ZO6f3r4eCsd3Pj5fta5gTbNkv5vbk7O+v1zqFtuN"
    "xLp/nmJQIPPn++vOj36Pp0Og1ycZoQlGPrGT6OSkJIFtFOYpz1wvgKh7UjtjDhc3jlCkvf"
    "V/kiv7Kg8vawlgWVdzNLy6zBYtMXy9MoswZF1nqZrMGEj5FT72lZmQveHEVn32+ZltiUvF"
    "AHz6trIRLeSNn0V+LBl+mh20sP5YlW5r8dWV0EiYl8mihZ67ZR7wS3KqIBoYw+nhURvlEf"
    "sXYNJyW2cqLCsbvtdZFhG9op7MDFkuHhLlrQtiZB9J+KoAT1G5vxRiAmy7pDXnfo7cg9wP"
    "jDyP04/XAAv4/VkXt4sKfRnx8OD9+9R+eAEFRt1W1km1PnhAV/LXMZlHXNBI23+vQRYVlE"
    "9K6jrrxSs/E62egB4wXI6JYXpjYXK/gYfgCbfTQIVVY5+d2zHRls3vmSoTjYrGvcSWkxES"
    "FCFnXHhChexJ2P6VthY9XIo3AWu5/yZIUAfdseqAhI9oU57T0tWpcKRIoqRLDNVfshz+zL"
    "QB7JCmH2ddNZ2P8cQAftBQR38xZN2IpJNXQnJ3VnHcYJMRHiB3UjDacgP2LlAXMBnZQSLe"
    "77qUxs/VNxbP1TJrYeW55nUF7vp01KSi9tk720j9jS6RepouaUqNRzk/UsY6zFA+nLjLbJ"
    "GOtr1HqZGKs8ulEe3diAiMFzjm6sM8/sFE6FPodDoS8hFTQnspBq0V4XXUifMc1xmNzIPe"
    "p8/AQ/jz7Qn3jvcOQe7h9PPCc969JGKmJPQJZLvEQyx2S3xyp5sNHUtFjGmIXvWV1Endiu"
    "BVaHwNbAnZ8JL2ztySOywqqF3mKVdqIiP0bm1WfMOZkb/Q/tXbeRrr37GX23H/TFAmvfWe"
    "DDZs+1sQOhDNrCQRPTNTSoCTkirBMWuFjOVugtMVF4ADv9UAhPp3gCh+gZMOCv0ELVtTYy"
    "XcfWNcz6pcOggb1qIkv6SplLCk9nr3P0rmRQQ8YuGhm78EyML0cuLiPT4570J3rvPg/AkY"
    "SAPsXN5zeEgyp/GC4jKSDgm7domLE41s1Bc7loziuP8sKSr/ihbV3c3NyxFCvdtl2WXzW4"
    "uz2B1cWInA8gXUozq+VKHZew7ONCwz7OOnPHOtcpZpGArG6VMWxvbZpFs7gsTUykGeXy4H"
    "nClMuTzs1i23+Zbq4yzs2pTnR7VkntKVEZumiON9PTc0NKEkWOoBvP+dBa6y0KGrXLOowC"
    "l0Y5n1Hgtfm0P5mGvpvxBxzwP4+1D+yutk9/Hn/S6JXxmN09wp5nB9arxgp5tTO86kLYQp"
    "OZaWPm0AncO29s3/fjOVfMKcpZxuz684wINTJd8/w8cefTe3Qb0FOB9wqdgC8Sfpnb2Jii"
    "t2qcyKrTVtCL7qzKunwSPFa2CZAM1mZ6gaSLou7T2OE1UyoQhTOCAsJdw8HgAWqVScPFPQ"
    "ihgG1Th0M4uZnDWUlJHH6a/Beixs8bzhEVwuTrdop6uPGSh5NSAgJdAyleuvulu3/L6/ON"
    "eUXv4XwsHpsNBcTjvG/eUmWZzB1XU3gF0azu2e3F194J8jIlRuTr4IIVCnw0dQ1niES72W"
    "7K3I8clPfLDDe0VTHO+5kBx1N6lbSAuKD0rDfNsy7jZuXeMHHjZjIpQDSty6SAbW14ZFKA"
    "sEkB5KEb8MZbuVHeeIP2+ggveVBCEjpHQkBEXGdnv7CgJaPLqywKShfmExYoDeOW5pJ4wc"
    "7gjufTZ9V+Qrd+hv2/+ceMyNvP2CLYeRd2ZOhQYAiM8Wdk0hEVig0hz/EKod05CONH2ok9"
    "g+7LxV1lkFUGWZs4+tW969X0R93WK5zSkREUEO4yaBeDncGajd68OCeEBMS4DkcOm0oqBL"
    "CzkkIAvu3AdQAjd9w6IyjD1mVq1nig8Uets5JCmHvdAZOZaWgVotYpMQGhrpGSISkwkgLT"
    "BBPf/Gji0O7N6VTnO/0oKSVemLuGaTJwTXAmbqflBDTqzYP9CkPaw97XwReIaVv40XxoSl"
    "Dbq1EBEeqpZeZUo4eoTL7dZyXXRWWao5hN7IogqpI5yWuClaAuXY5H0DQNrJKCnLC0bArJ"
    "MRWuC8DwynYRPB0MLhP7ytOL9Mbx7uq0R62ZGTNtpDsJl2CEvFGBlWGIzMnolKH+01bFw0"
    "Qn5/xYNmhViNwmJSUrozmB2mx83vMlwqRrGJWUnduB1HmTdS6ZOMXj6svkZEgmzmvUumTi"
    "cEStJRNHMnFaGSbOENOPPtENnR2McK5Pg5PDc0g5hW3b6/g5VkJK0UIxDqpOJITG2FliTL"
    "xakjOVEGy8YedpOcwjBcUmLQTPtDSb1al0F/QJWJ3TVjC0QAGI92lHRC0PGZER+U43XN+B"
    "fOPZ6wlSWYFPCy/YOiIsu2BTpJGmrtCU2rEduxR9JvWemlcbqnDSTgheQlGG0gUUQv/RA7"
    "3corf/aI11w1ACP4X/JWVhhYZyfjj3+s/Z5jcM/pQzsNQ+/2jNPv8os88PbJ8D35hIkx2y"
    "FVHulPF9d4p9352M7zsx1pT1tiaEXrWjlQ3aueb5dOQgkG2ynbauuxfnyl3/S3/wra/81h"
    "v2TljlaMUlD3RZTxQ6reERYa2gm+6tQi2t3+9d+u3opEg3Z4r/Wo5I92pw179Vri5urrq3"
    "Z7+d+DWPlLluz6GyEe1rcHPbO1dg+zG4oy3p5uP3EzZ3030esGpNlzanU+xqROCRfvu7a7"
    "pc63WvTmAeVvzmweQPAY/Pd/30N7Hw1CXp7+K3TH8bv236+3it6fNvv12chV3SRztLP9y5"
    "+6DtS4tvtcyFl6bLY6iD617/BIEkNbK724FC1++Dy68Q42KbULpvNY1HoGj3e73zG+W6N7"
    "wZUAmCsWYr3kmzoM5AKGjfjMgY2LwDeeKc8eC0XE2xd5GKeQNk4cvOi3VCUBIdSnB4vD0Z"
    "J9RJKfFw3ny9LPooYqus+G2uz20NeScjKR7etXDTvGPiOTfnSblKXs6mIb2TMhX+QMwLf0"
    "JMol8VfX95rFSt1pIvL/VRVR+GOVGrayNPWuqiqi6CPWlldRR0IDVSVSP4Eeoe51Gaiw8y"
    "iMs04yQDeKwwJxmw3bfr5GbTFmfEJaVEWKZuOxku8HooY66oRkpMBOTr3iCEkFUhMSZEJa"
    "OtOSQXyWgTn9skGW2vUetlGG2Wm+9cW+txcAvcai+a0raFFfwa4hvFNKsEbt5bklQ19Pp8"
    "YeooS4KLrLDBHDhQwZPkN19PpVlv9JuXo7sVY16G5hXjpUTsCcnpaianS/KOJO9oRyN1Sd"
    "7RS6N0VGAeDe/6fXamLB2hCTtTNjpJdkQ+dy8ugaYxVfWc8n67IWmELGTF0AnmOWU2R1Ie"
    "N5tbeZ6BZM/UfZ7BOSspnodq85QBxsfLSx8vNOOYhDTftPmm0itKQpqSkrCmYU2Q+ziAzc"
    "hJaDNxMcsycxLIiuMvoYAIw+u2Qy90krKquQyTktJl2BSXoTy8+3WHgTIeymInWswgTDcv"
    "peTUF/v8ZYgNtSDEXSIb9IW9+UX+y7+253W8CTYPrSd9j1HTNocHMtydlEy7hQL0oQya0v"
    "1vmLuqam30gBcOUm32F3p7/6e++GlizhfUlm2svUO2CeeLs3QHNFEJ3U4viWGq2Qr59Txm"
    "RPAP+u2MFVrOVActaQ8gplpYg/r4GGTYUxy4fW+yZ0xVK3gU/XBId0pn18pUWp6V467L5z"
    "cgfPZq1CC93dLbvfN5vay3m9ff9xwvX9OgqtvNZ+t/5pjlujE3kJCEhepjrkkc8Eff/5kH"
    "PVGtVcHAm5BLV+ZcOZ6X8IWpYB2aPl843OJRQz696HeHv+e7Wk5z+MWnv9/2umn8JSvvlT"
    "hbODbhde4pu66mOz3iWKtWzjYydre9bueoQjuFDgCWXrZI07eZiTRdY9utNv2JSRs5pv8n"
    "FEhazlYn7ASyFdJUezY26XdFXr5nG9n6PflJJ14lJQLF8qnpZIs01fWQMls8cwFvl+d3jr"
    "2crJKSo1pU0ns9GY7sT7pfkFvAZm4B48osu9qLywi44tt8hQPvveOBOJIQEOAaku2Tw05Z"
    "lFNiWyy40toK0JvfV0cDOj/Mz6hl0GSQ68hUmqvWA08cOJIQAN5tx4FN15mYfId1xUS2Wa"
    "XpYTsWXcMxonT5kcW3ONk3aC8Tfddbe4VEX9t0Lb7DpCIJAQaXusdu6ecohl76OWrwc5yp"
    "Nj4zVH3eynFzRDfb67wcE9pMmUA7Dh+HbqOlaYHnAJngSkD4xwSzFu/Rd+/YK4WVfH5ru+"
    "N/44nzLir+jJYzCG+zR2LthMWhvQMwcz0d9TxqRFSoHw1v08/IwgamKGheQ1bgegUhcFb2"
    "mt54Y6MZnXZMa1W+0LT3WcLtRfC37led9j+Sn8Lv5QhIN0kz3SRpXZaeO1NyAu7mN7/JjL"
    "0oXCaflJPBssrBspeW7BQMpZyLxtbZZZfO/ecnwewA5Wgve90brxytNyGkJ6TdbKCiSY7X"
    "iyjuSXcHx2XciMfFbsTjzOI9MSOX5uYkpAQc4TfvEA9eLu6qRwkxEZIetoZ0lapHCVFJd2"
    "8a3V36Hcq9YmL5HWTVI5G1nvOyh+kXDfE29U1WqybX2cTutZ/0NRHT4TnzDJojPen5eQO+"
    "GdDxCVrOTLS0oE1Eh8k/16xqR89190ivjvTqNH7AlF4dEa0/kbg/4yN6RRICWvjm91oO/p"
    "GzDitmbQTthQB326wNueERbenb8EDrlUpc1Riy80rylr+J+2uXwHPW0j+6quQyuOvn9r6B"
    "rFxqZbYDfG+vCxbTtOkojr0kXiCGw9m4gH0b0c9hmY9YQ+MVXfeasH71+8qukWt5Cjv8Nx"
    "6lTcdmIcYaPI7egyPlvDgt/BbegTxl9nj+k37jLHW5FG/kUnyHxzeVGL5F1UcO/g6eV1dC"
    "JCzX6dXX6RWPqdnA6TRSAd4C/IWFv/0pkj8APuz9710PTvM9QWEfI9K9vh4OvINc/Vk9OH"
    "bXKw/KlgOsQOiw9/femS8Om3Roedbtn/UuWa3QCSBkNKZcqAyiZ1GuI+LoGxJ3cDcpJ8Su"
    "eEtgK1VSRtKSQgC+bTeEhie6xm3rSSnJY3ja0AExmx0fwG3pOaIiIL4rS+d3uCUlJY+kOa"
    "HlLKNAHuO7y51HYSpi8ej23FTEhuEuwwiNUYVgYQTJmxJZ6w3nTQ2Ckik5gaNBrJxKcdAo"
    "KLpS/9lZXBGS1xIeeWaN/+LAh2tji/2egbZ4+xiX2cyuXWiPlKbbC0NdKbwwp+WEcJDU7p"
    "Eyjcq+80C2yUC3vl70vvWGJ+hRx0tIIh5c94bd2wG9EgzRoQd9GHrQM3nNu/GAL1TbXpp0"
    "Mpup9oznVcgINllFVSmPh4dlOI+Hh8WkR7iXRNw7Lk2BinuKTngOIsqRlCfmpDfMhjl5oC"
    "C5xNFz6mmvX8qnZaVjqjlr9+yWjU7GAHIl/2NSVOq5yXo2VNsJBr0Kus4Rl/pusr6lA654"
    "snyZrhjpgHuNWm+4A+4MW44+1SdqQe5i7HZ7bfpi1JAjgVG3bRdqS0XCyJx6py951Mk3Nu"
    "NR0zaM4myn6lqlGdO6k95P1vSYEduqa7bHxzZoy0TvwMn2u26zE6hYJXHkLPUJRve0tVdA"
    "y6ZgQweSuf1iY5TFDsyYPdD3nsepkJUUzpm5+TTKR2x5mAGjZUIHKB7Ec4WFA33zfjNwuO"
    "dyIgrHmJiEQEkJG/PbyHSP3RJNLDzB9LNyDthJKRHoJnWXA5aU8yzKdbCg7znP14gkBAxk"
    "bH7+s51VUVQvH99QYItZMN4e7cUi/MJyjuYqbPU44W5ddb+wHCJPGhKIuue/n7CDhlcjcn"
    "N33Rve9M4hd8h2IX0Ya01JHnLUH3TxwRZ1CgOG53XIFa5LWbsb2Tc/f8aBg3PKMOfBM3nS"
    "Ao74NdQyiUFnY9XIA35NZZNcaSGA3zZBOYSSl72UERQC/i0MOMrYpfORy4l1TEpAoPc7ZY"
    "ot01bFM2onU27Zc1creSv34kO6E0Kv+pBuQyc4h1BUfKpSKNCMY5XgecIcq+SYjmrw12xI"
    "iMmSDZX9WQttmgd88bnevkDFA70b5sVaB19N53lT/BR7pnYOj3jmyaSUdCA+vR5ZeHtsDs"
    "P2BKRhVzTsyO+gjFcVipVmpWU6bNVRfa5quAJFKCYmuX/NoQNJ7p/4LDDJ/XuNWm8496+L"
    "LX0ya+XQ/vw77XWMPzVqI7Nut7zeqC3r9pGu0jhDxjERAR18tSS/wUvFgbDfXEB09/f2yr"
    "hP9/aK3adwL1W6xCQOJjmTaLEHMCayfR/gbhbFG/P27XQy++v/AfQz7nU="
)
