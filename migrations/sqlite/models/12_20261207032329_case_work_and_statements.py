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
    "eJztXflz2ziy/ldQ+iVJlSZly0ccz7ytkm1lxhtH8vOR7Oxoi6FESOKaArU8rGj2zf/+0O"
    "B9yQQtSjSMqpRjk2iA/BrE0f1147+tualhw35/b2OrdYr+2yLqHNNfEtfbqKUuFtFVuOCo"
    "I4MVdGkJdkUd2Y6ljh16caIaNqaXNGyPLX3h6CaBol1kmFOdIF3DxNGdFRq6nb39Q6Sib/"
    "h8pjrIXGCia21kWsiZYaSOx6ZL6OUJLTKeqYRg442NoEW0nJnI1qcEa4jWuNSdGdId9hya"
    "OaYPopPpdpocEtWlv40pMujtsPWLL/S301+YkK79bUifysYYfacgvg8e5D29+aiPsf3eF1"
    "D8pr+/C5+RwHORMUYjekNrDwltDllYNX4CLaEFBd4k7+GdXaL/x8WKY04xfQvQ5B//opd1"
    "ouEf2A7+XDwoEx0bWkLRugYVsOuKs1qwa5fE+cQKApwjZWwa7pxEhRcrZ2aSsLROHLg6xQ"
    "RbqoOhesdyQf/ENQy/nwRdwnvSqIj3iDEZDU9U14BeBNLeA0TXWorSH9wpt707RWllelgg"
    "EesB/qWxSaB30ke12dtP4RF+6uwffjg8OTg+PKFF2GOGVz785TUdAeMJMnj6d62/2H3VUb"
    "0SDOMIVK9XZYGlXc7KRzaSSKFLHzuNboBlc+Gdqz8UA5OpM6N/Hh+uwfJr9+b8t+7N2+PD"
    "d9CgSUcQb1zp+3c67BbAHcFr4Sk8EQe8kcRm4A0uRPhGY97WAd4/LgHw/nEhwHArCbDuY8"
    "qBcEykEsR+/2wmwod7JRA+3CtEGG5lECbufIQtxaYDOs4ZK+7wj8JROCsrAuZrML7r/eMO"
    "ap7b9n+MOLZvv3T/wWCfr/w7V4P+r0HxmC7OrwZnhTpgL8zZ29OiNWlApHE7Qm2u2g95nb"
    "4M4pGsCJ0+iflBpwTmB51CzOFWEnP2PwfOQXnxsN18f2brckV1svheUIwcfY7zMY7LpXDW"
    "fMH3wS8vD/V1w/jll97tXffLdWIsv+je9eBOJzGOB1ffphcuYSXo2+Xdbwj+RP8c9HsMTd"
    "N2phZrMSp3988WPBPdp5kKMZeKqsUxCS4HlxIafsSWTl+kipJTolLPL0LPoxXPYJkSE2/M"
    "7JQZMzvFY2YnM2aOLQxYVPigkpIb+J4at6ujL6gNiLHye8UL+cD8Dpz5vsDkNHmI2Ufgwk"
    "gdPyxVS1MSd6LuoeGxoVKdUejsbAc586U/fb7BBiuU0xV80+VFVNML7At/Bb0/uBr1iQis"
    "hbqaY+I8E6hrrxZRQbLVRzpoUKh8O3V1oG6hpmuoSFSsRqozntG2R7qj2NhxaIXPxOwMar"
    "yACm+9+sSFjjwoKh0y8QY+yTNaWTeoSyTEYAowO2bRpJC9Ne/M01dUok7ZK0Hb0JIPWu8R"
    "s4YyTizvRnudFws/Bkp72o01IBjZDlUGcxBNsecsik1cbeQPzOBVCn7VHTw/BR9Sm/5QnT"
    "aaWOa8jRz29wp+YM+Xk/Bf1dzW036jP1qevwpKe78putb6F5c76UyfvhaP0sdO5+DgQ2fv"
    "4Pjk6PDDh6OTvdC1lL21zsd0dvkruJkS67Wn/U6RrsruYCIJAR0jm9+9RJ8AVy9PiD3d2V"
    "8C0Fvs7xH8dFzmdPxFEgL27827pWCiUNiEwwNyUkpaQZ4eR+hWmRvluIzE+GmM6advWpxj"
    "hScg4FBRBwlDtfPG4mK/dSSxPYBbrXq3OFtzVsOaLwv2328H/Xywg/JpO6k+dtD/IUO3a1"
    "t1tH6ZuIRNu2jk6gbd9Nvvodm/7UAVgM96VaRRbydtn1BBWhXShF086LxaE3adlo24KTvH"
    "vpGydBdbOdLG9TKUXWY4fWP7NgesoQnGaGJayCQY0U/btVSgqIJugbEKrFTd1DyTA72A3A"
    "VtA6v0d9vGtg32iayZo75mylg4gKjr781iHygt9kdr7FoWrUrxLSvM9gHX2ePSvyL6T/iM"
    "EQ2OPSKs2Sy/tnD5hn8sdNozWTPSlNJIU0rsW6FDAs8yMispHKV38zQlSemtmdJrxZwO5S"
    "EudFRIkPNADqcFXvZ0RlBAuDdvrQpRq0ylLq5BCAVse5OaXRZxfwDP41OXUIBIhOoQNX4+"
    "dY6oEF2+7oWKhxsvqzopJSDQdfVtwhYgqsHp1swVFs9oXkOIRmYbWzpAI7sBFq+b1zKeMM"
    "vCA30/zh6ekBMQ7M2vz6eWqnF16lBAvLFj812ZNkcfYOQyy8dItbEywTn7zXU2rMIqKpEm"
    "mob/TjgTCTMkzwCTkhNwgCkzvhQPL9ndv4cY5hzIE1IS5adQjgz8nHbZjKCAWG/exqJSPM"
    "Zca+9IQkCA9zsnZRYlnZPiVQncS2E8h8wviuZWmDGzspJfWHmuNHSCc6j7xSyLUKAZNAto"
    "TxiaxRqCXI+4c6aQS/qEsOfMKOZ5TLktfQ2ti975Vfemd3Ea+r2H5PpmcN67vb3s/3qKFp"
    "Y5pnMW1cqQfB1cXkDJR1PXPHvd7vdTwK59xMoD5psgElIb2Vk1yDe6f1xmDqal1uCc4+nI"
    "ZQOYpoFVUmQgyCUEjKhMXV9AeGW7o8/ZYHCVGH3OLtO+ivsvZz0KOoOcFtKdggnA+7iqRP"
    "vHBWWsf6Nj/amqFH72akpMBIPQtt2DsR2YhenIZVf61Iprkd9dk7+7GOmNU+NJSanlJmtZ"
    "kqOL14likaPjWncXWkWtJyWl1pui9ZyPPZPzIIcdnd2jrPP25MpLV09V81WMyJ5UQqEGYh"
    "IimQ2fldg5E/SRBDiL7ifTwvqUfMarjE0qP71HkFX9hYFblNWDXrbUZRjBEO9U9N3pG2Nv"
    "u31Dx5uby/O71rpBZAPwlk9o1LBRoyzA+eNmAdZlsm6FFTl4vplsUpe0JoG6eK2Ja4L+mh"
    "PaFevKxWFd8TRgT4d0fTEJXqG5+Yg19BaOPTDRCHt/v0POzDLd6YxFXfkHE4RRWPS/Of0U"
    "49ln7Gwo1+arf2YIV+gJiK00/RguXZMRWLtevaw5RMF1FAf4V5x+/rScjL5K+Rdk9NXWHW"
    "X+YMeDcExEQIhrSPfhESGqEigkeaLa+B2PmI0elqOfp8QE7Ov7nXXgRpyhD2s4Qx/S3f0V"
    "sCPOb3rdO6A8+Eu6Iel+617eXfZ/Va67v3/p9e9OkbpUdUgrGuyFhuS+/7k/+NY/RS55IO"
    "aSDMl195JWAsu9ITm/GtyyKg3Thho/dS+v4O+JqhvVWBWdMu7+TrG3v1MQ1mjhCc9nlBBq"
    "slobE+qiYTiAjW+oCiQESGBUeyy0hWmfzDVHrunFcSERXOx1d2LaFLG9JIecUGclRWNi1R"
    "GTCCaDigvNHGHp6qgc1eIbbzIaWO9tjIlJGkFzPItZhzKsx1wLK3CuKs+olpaTc8jTo1qA"
    "GT8nLispAt7bpsVJYtRrGNHCsyG4aRJpyZpWDaJ6GPKPN4FQGW5NFFQgFVJRIZIsWKyQl0"
    "kbk2TB16j1MmRBSU6T5LQGcKeeJqeVIUzNAOJdnVXYzEX6+uPRJLOsDEoWnrhEeyZON6wS"
    "kSDaAvmO9apiAl7Q6Z4k4UUUynIHycXGkDc2smeq5Z/x5tfXZtnOdcdGMB1T9IBQFyQ7zz"
    "8v7vlV5jDu/mjF+LmxFjz2XIKLF89/7c/eXjv+8TUe+Y5einPxEiViIhpdD0GSBcnSayhL"
    "T9Judu0J8b8UPpJkUko4imQNuabTI1QV3k12mNsej4CYjuKNui0+FbTg3vXgllFxolqGBK"
    "55aUq81/KuQKmgRJaL83y+TQ1MBV8rvIybpJgIno/a/echZOAv4nbuFYiLh3x9wxe/jy8r"
    "KQLe2/bxBSiqDt0fLPLOBy/mjeSIbm+9tFfvYulZxrA0wJVsyglB6UJtjgU56zjIbAorqD"
    "otLzXeZI1LB2HxAPoyXUXSQfgatV7GQZi1G5a3JuXYHKVFqTq3tlo6lw2kcXm9Cljj2N1F"
    "ZoymKaKse7dUSoyCUWcDAPM5cl8qyNnRltuVzuXSSztIi/2jA4LvTPpjg17SZq7u852kHH"
    "7Pcy+8vG86+kQfF54tnVesvc4P6oet00k+kijpD+09YmuFdDIyqWbC/CDxitroAS8cRDtj"
    "Gy11Z4aWM9VBS4w0XfMu6DmnS2+w3jK5SCaGOp16tm0Lj7H+iGWakZ2vboodmDI1Q+2pGe"
    "KfGmeUYo6oCObnuh0t+BEWQQwiDrCTUuLhvHm3yk5zFDUsgqDmHEUAmbf8q4B1QlA4sDc/"
    "ftAVExxhwwNzTETASXHzrAML/xuPnUKH7LrUWylBOVA/PVDHFuWphfa6M1RiUvIYFY5jVG"
    "aYTm0W10laMZFmnKUFzQpzltbI1HKOaComfQTlhRjJt831APAUW/8zZ+1dHFkal5Hsjkzk"
    "LoNnpnaOjnmmypSYeBPl5ld+DDL6zmSsOtzzZVZYTpsc06ZtuhZfRrJIQvbtp/s2nSALEC"
    "5el8RlnrUwaRjW216BxE3hGfjXkzpSopLV0RRWRxGXJ+PL3pAfkNPF5bv4crxakfOv2JEV"
    "i8Usm1TfxsRB8OxhontnhoOwuzc2MpckcD+dspz32eA8pDpoTjVAb49xUXb9Wtop49pak0"
    "s/7nanP9lV2x2PMdak/6vJ/q8d21UbppKajdjS2SjzwIvIXkuu9CoFd20iqKtxCqjZqs0f"
    "zfVMr0HTAN62ae+lZd0PwiA47dg5qfevbwbnvdtbL97XMsfYtlnI7+39+XmvdwFlw+VeOs"
    "w3LxB48OnT1WW/R9enk0kQi9MEpxxbz/BxVBJCMol2EuOsFcZXOKwdsYUJn8ErV1javson"
    "+ZUJlbeHtUyovJtZWkYNFnd9sSyNMmpQZK2XiRpM2Bg59Z6WlbHgzVF09vuWYYlNiQt18L"
    "y6FiLhjaRNfyUWfBkeur3wUB5vZf7XkdVFEJjIp4mSuW4b9U1wqyIaEMro41ke4Vv1EWvX"
    "cFJiK8crHLvbXucZtqGcwg5cLOke7qIFLWsSRP+pCFJQv7EZbwR8sqw65FWH3g7dQ4wPhu"
    "6HycEh/D5Sh+7R4Z5Gfx4cHb17jy4AIcjaqtvINifOKXP+WuYySOuacRpvtfUhYVFE9K6j"
    "rrxUs/E82egB4wXI6JbnpjYXK3gM34HNHg1clVVOfvf6jnQ273zJUOxs1jXuoLSYiBAui7"
    "p9QhQv4s5H9KuwsWrkUTiLzU95skKAvm0LVAQke2HO/p4WrUsFInkVItjmqv2Q1+3LQB7J"
    "CtHt66azsP85gA7KCwju5ns0YSsm1dCdnNCddRgnxETwH9SNNJyC/IiVB8wFdFJKNL/vxz"
    "K+9Y/FvvWPGd96bHmeQXm9nTYpKa20TbbSPmJLpy9SRc0pUannJutZ+liLB9KX6W2TPtbX"
    "qPUyPlZ5dKM8urEBHoPnHN1YZ5zZGZwKfQGHQl9BKGiOZyFVor3Ou5A+Y5rjMLmhe9z58B"
    "F+Hh/Qn3jvaOge7Z+MPSM9q9JGKmItIMslXiCZY7LbI5U82GhiWixizMJTlhdRJ7ZrQa9D"
    "0NfAnJ9xL2yt5SFZYdVCb7FKK1GR7yPz8jPmnMyN/ofWrttI1979jL7bD/pigbXvzPFhs3"
    "Zt7IArg5Zw0Nh0DQ1yQg4Jq4Q5LpazFXpLTBQewE4fCuHJBI/hED0DBvwVWqi61kam69i6"
    "hlm9dBg0sJdNZEk/KXNJ4ensdY7flXRqSN9FI30XXhfji5GLy8jwuCftid63zwNwJCGgTX"
    "Hz8Q3hoMrvhstICgj45ns0zFgc6+aguFw056VHeWHBV/zQti5vb+9ZiJVu2y6Lrxrc353C"
    "6mJILgYQLqWZ1WKlTkr07JPCjn2SNeaOdK5TzCIBmd0q07G9tWkWzeK0NDGRZqTLg/aESZ"
    "cnjZvFff9lmrnKGDcnOtHtWSW1p0Sl66I51kxPzw1JSRQZgm4940NrrbUoKNQuazAKTBrl"
    "bEaB1ebj/ngS2m5GBzjgf55oB+yutk9/nnzU6JXRiN09xp5lB9arxgp5uTO87ELYQuOZaW"
    "Nm0AnMO29s3/bjGVfMCcpZxuz6eYaEdjJd8+w8cePTe3QX0FOB9wqVgC0Sfpnb2Jigt2qc"
    "yKrTUlCL7qzKmnwSPFa2CZAM1mZagaSJou7T2OEzUyoQhTOCAsJdw8HgAWqVScPFNQihgG"
    "1Th0M4uZnDWUlJHH6a/Beixs8bzhEVosvXbRT1cOMlDyelBAS6BlK8NPdLc/+W1+cbs4pO"
    "4Xwsnj4bCojHed98T5VpMnecTeEVeLO653eXX3unyIuUGJKvg0uWKPDR1DWcIRLtZrspYz"
    "9yUN4vM9zQUsU472cGHE/pVcIC4oLSst40y7r0m5X7wsT1m8mgANG0LoMCtrXhkUEBwgYF"
    "kIduwBtv5Xp54wXa6z285EEJSegcAQERcZ2d/cKclowurzIvKF2Yj5mjNPRbmkviOTuDO5"
    "5Nn2X7Cc36Gfb/5psZkrefsEWw8y6syNAhwRB0xp+RSUdUSDaEPMMruHbnIIwfaSX2DKov"
    "53eVTlbpZG3i6Ff3rlfTH3Vbr3BKR0ZQQLjLoF0MdgZrNnrz4pwQEhDjOgw5bCqp4MDOSg"
    "oB+LYd1wGM3H7rjKB0W5fJWeOBxu+1zkoK0d3rdpjMTEOr4LVOiQkIdY2UDEmBkRSYJnTx"
    "zY8mDq3enEx0vtOPklLiublrmCYD0wRn4HZaTsBOvXmwX6FL+6b3dfAZfNoWfjQfmuLU9n"
    "JUgId6Ypk52ejBK5Pf77OS67wyzVHMJnZF4FXJnOQ1xkqQly7HImiaBlZJQUxYWjaF5IgK"
    "1wVgeGW7CJ4NBleJfeXZZXrjeP/lrEd7M+vMtJDuJEyCEfJGBVaGITIno1OG+k9LFQ8TnZ"
    "zzY9mgVcFzm5SUrIzmOGqz/nnPlgiTrmFUUnZuBVLnTda5ZOIUj6svk5MhmTivUeuSicPh"
    "tZZMHMnEaWWYODeYPvpYN3R2MMKFPglODs8h5RSWba/j51gJKUULxTioOpEQGmFniTHxck"
    "nOVEKw8Yadp+UwixQkm7QQtGlpNstT6S5oC1id01IwtEACiPdpQ0QtjQzJkHynG67vQL7x"
    "+uspUlmCTwsv2DoiTLtgU6SRpq7QhPZjO3YpeiZ1SrtXG7Jw0koIXkJShtIJFEL70QO93K"
    "K3/2iNdMNQAjuF/5IysUJDOT+ce/3nbPMbBn/KGFhqn3+8Zp9/nNnnB32fA9+YSJMNshVR"
    "7pSxfXeKbd+djO07MdaUtbYmhF61oZUN2rnd82nPQSDb5H7auu5eXij3/c/9wbe+8lvvpn"
    "fKMkcrLnmgy3qi0GkNDwkrBdV07xTa0/r93pVfjk6KdHOm+J/lkHS/DO77d8qXy9sv3bvz"
    "3079nEfKXLfnkNmI1jW4vetdKLD9GNzTknTz8fspm7vpPg9YtaZLi9MpdjUk0KRf/v6aLt"
    "d63S+nMA8rfvFg8geHx6f7fvpNLDxxSfpd/JLpt/HLpt/HK03bv/t2eR5WSZt2lr67c/dO"
    "25fm32qZCy9Ml6ejDq57/VMEkrST3d8NFLp+H1x9BR8X24TSfatpPAJFu9/rXdwq172b2w"
    "GVIBhrtuKdNAvqDISC8s3wjEGfdyBOnNMfnJaryfcuUjJvgCz82HmxTghKokMJDo+3J+OE"
    "OiklHs6bz5dFmyK2ypLf5trc1pB3MpLi4V0LN807Jp5zc56Uq2TlbBrSO0lT4Q/EvPAnxC"
    "T6VdH3l8dK1Wwt+fJSH1X1YZhjtbo28qSlLqrqItiTVlZHQQVSI1U1gh8h73Eepbn4IIO4"
    "TDNOMoBmhTnJgO2+XSc3mrY4Ii4pJcIyddvBcIHVQxlxeTVSYiIgX/cGIYSsCokxISoZbc"
    "0huUhGm/jcJsloe41aL8Nos9x849pai4NbYFZ70ZS2Lazg1xDfKKZZJXDz3pKkqhuvzhem"
    "jrIkuKgXNpgDByp4kvzm66k0642+eTm6WzHmZWheMV5KxJ6QnK5mcrok70jyjnY0UpfkHb"
    "00SkcF5tHNfb/PzpSlIzRhZ8pGJ8kOyafu5RXQNCaqnpPebzckjZCFrBg6wTynzOZIyuNm"
    "czPPM5DsmbrPMzhnJcWzUG2eMsD4eHnh44XdOCYhu2+6+6bCK0pCmpKSsKZhTZD7OIDNyE"
    "loM34xyzJzAsiK/S+hgAjD67ZdL3SSsqqZDJOS0mTYFJOhPLz7dbuBMhbKYiNarEOYbl5I"
    "yZkv9unzDTbUAhd3iWjQF/blF9kv/9qe1fE22Dy0nrQ9RkXbHBbIcHdSMuwWEtCHMmhC97"
    "9h7KqqtdEDXjhItdlf6O30T33x09icL2hftrH2DtkmnC/Owh3QWCV0O70khqlmM+TX08yQ"
    "4B/07YwVWs5UBy1pDSCmWliD/PgYZFgrDtyemqyNiWoFTdGHQ7pTOrpWhtLyrBx3nT6/Ae"
    "6zV6MGae2W1u6dz+tlrd289r7nWPmaBlXdZj5b/zOnW64bcwMJSVioPuaaxAF79PTPPOiJ"
    "aq0KBt6EXDoz58rxrIQvTAXr0PT5wuEWj3bks8t+9+b3fFPLWQ6/+Oz3u143jb9k5b0SYw"
    "vHJrzOPWXX1XSnRxxr1crZRsbuttftHFUop9ABwNLLJmn6NjORpmtsu9WmPzFpI8f0/4QE"
    "ScvZ6pSdQLZCmmrPRiZ9V+TFe7aRrU/JTzrxMikRSJZPu042SVNdjZTZ4pkL+Lo8u3Ps42"
    "SZlBzVopLe58lwZH/S/YLcAjZzCxhXZtnVXlxGwBXf5jMceN8dD8SRhIAA1xBsnxx2yqKc"
    "EttiwpXWVoDe/L46GtD5YX5GLoMmg1xHpNJctR54/MCRhADwbtsPbLrO2OQ7rCsmss0sTQ"
    "/b6dE1HCNKlx9ZfIuDfYPyMtB3fW+vEOhrm67Fd5hUJCHA4FL32C3tHMXQSztHDXaOc9XG"
    "54aqz1s5Zo7oZnudlWNMiyljKMdh49BttDQtsBwgE0wJCP8YY1biPfruHXulsJTPb2139G"
    "88dt5FyZ/RcgbubdYk1k6ZH9o7ADPX0lFPU0OiQv5o+Jp+RhY2MEVB8wqyBNcrcIGztNf0"
    "xhsbzei0Y1qr8ommvWcJtxfB37qfddp/JD+E34sRkGaSZppJ0rosPXem5ATczW9+kxn7UL"
    "i6fFJOOssqO8teWrBTMJRyLhpb51ddOvdfnAazA6Sjvep1b710tN6EkJ6QdrOBiiY5Xiui"
    "uCfdHZ6UMSOeFJsRTzKL98SMXJqbk5AScITfvEE8+Li4sx4lxEQIetga0lWyHiVEJd29aX"
    "R3aXco94mJZXeQWY9E1nrOxx6GXzTE2tQ3Wa6aXGMTu9d+0tZETIfnzDMojvSk5ecN2GZA"
    "x6doOTPR0oIyER0m/1yzqhU919wjrTrSqtP4AVNadUTs/YnA/Rkf0SuSELCHb36v5eAfOe"
    "uwYtZGUF4IcLfN2pAbHtGWvg13tH5RiasaN+y8krzlb+L+2iXwnJX0j64quQzu+rG9byAq"
    "l/Yy2wG+t1cF82nadBTHXhAvEMPhbFzAvo3oc1jmI9bQaEXXvSasX/26smvkWlphh//Gvb"
    "Rp3yz4WIPm6D04Us7z08Jv4R2IU2bN85/0G2epy6V4I5fiOzy+qcTwLao+cvB38Ly6EiJh"
    "uU6vvk6veEzNBk6nkQrwFuAvzP3tT5H8DvCb3v/e9+A031MU1jEk3evrm4F3kKs/qwfH7n"
    "rpQdlygCUIven9vXfui8MmHUqed/vnvSuWK3QMCBmNSRcqnehZlOvwOPodidu5m5QTYle8"
    "JbCVKiEjaUkhAN+2GULDY13j7utJKcljeLqjA2I2Oz6Au6fniIqA+K56Or/BLSkpeSTNcS"
    "1nGQXyGN9d7jwKQxGLR7fnhiI2DHfpRmiMKgRzI0jelMhabzhvahCkTMlxHA1i6VSKnUZB"
    "0pX6z87i8pC8FvfIM3P8Fzs+XBtb7PcMtMXbx7jMZnbtQlukNN1eGOpK4YU5LSeEgaR2i5"
    "RpVLadB7JNBrr19bL3rXdzih51vIQg4sF176Z7N6BXgiE6tKDfhBb0TFzzbizgC9W2lyad"
    "zGaqPeP5FDKCTVZRVcrj0VEZzuPRUTHpEe4lEfeOS1Mg456iE56DiHIk5Yk56Q2zYY4fKE"
    "gucfScfNrrl/JpWWmYas7aPbtlo5MxgFzJ/pgUlXpusp4N1XaCQa+CrnPEpb6brG9pgCue"
    "LF+mKUYa4F6j1htugDvHlqNP9LFaELsYu91eG74YFeQIYNRt24XcUpEwMife6UsedfKNzX"
    "jUtAyjONupvFZpxrTupPeTNTUzZFt1zfb42AYtmagdONl+1W34hf4JOcVtZ2VQJOBIKpZa"
    "HDlLfYzRlIp7GbVsij5ix0pDcbgydE9Ojk+G7vHJwXjoHk32Jii6dXx08mHoHuLj4+AWkN"
    "CXJqIIuOwgL/oiju4YmL0DCAV36BuDqiGV14JCxRhqbz3C+ZQFf3pRnvRV2dFYHoLvfqbV"
    "0a3hyKXfovvdf4oP6h6m7XfUffpEHw5U+vv+hwOPDO8jz3FQliSnN80NW2yjjXV5OrTx2E"
    "2yksLZazcfKfqILQ8zIO2M6RjMg3iusHCgb940CD6FXNpH4RgTkxAo7mJjpikZ0bJbLo2F"
    "x5g+K+eAnZQSgVFTd8ZjyarPolwH0XvKeYRIJCGgr2bz8x/bs/DgGwpsMdDH24a+UITZBo"
    "0H4VBgiwjTbd7HA7rNO5zsq/BT04bux+Pjj3R/qh3Qn0ejk3GwFTwZjWEreLy3JZVsfux+"
    "cZFucxXsCZxwt750P7PINU8awta6F7+fsuOtV0Nye3/du7ntXUDEmu1C0DrWmhKy5qg/mF"
    "mFrgYVBgzX95MnXJeydjfZbv6ziAMHp+NhzuOO8qQFnIRryKATg87GqpEH/Jp8OrnSQgC/"
    "bVp8CCUvZy4jKAT8WxhwfGMzJ9YxKQGB3u+USfFNSxXPqJ1Mkm/PVK/kbaaKj4ZPCL3qo+"
    "ENneAcGlvxWV6hQDMO84L2hDnMyzEd1eDPFJIQk4lCKpsYF9okD/ji0+R9gYrHyDfMsLgO"
    "vppOkaf4KfZM7Rwd88yTSSlp0316PbLw9tgcHdsTkB27YseO7A7KaFUhRW5WWgZhVx3V56"
    "qGKxDTYmKScdocEppknIrPPZSM09eo9YYzTrvY0sezVg7Z1L/TXsczVaMyMtZ7y+uN2mK9"
    "H+kqjdOLHxMR0MBXS8glfFQcCPvFBUR3f2+vjPl0b6/YfAr3UglzTOJgkjOJFlsAYyLbtw"
    "HuZlG8MWvfTiezv/4fOim7nA=="
)
