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
    "eJztXflz2ziy/ldQ+iVJlSZly0ccz7ytkm1lxhtH8vOR7Oxoi6FESOKaArU8rGj2zf/+0O"
    "B9yQQtSjSMqpQik2iA+hrE0f1147+tualhw35/b2OrdYr+2yLqHNMviett1FIXi+gqXHDU"
    "kcEKurQEu6KObMdSxw69OFENG9NLGrbHlr5wdJNA0S4yzKlOkK5h4ujOCg3dzt7+IVLRN3"
    "w+Ux1kLjDRtTYyLeTMMFLHY9Ml9PKEFhnPVEKw8cZG0CJazkxk61OCNURrXOrODOkOew7N"
    "HNMH0cl0O00OierSb2OKDHo7bP3iC/3t9BcmpGt/G9KnsjFG3ymI74MHeU9vPupjbL/3BR"
    "S/6e/vwmck8FxkjNGI3tDaQ0KbQxZWjZ9AS2hBgTfJe/jNLtH/42LFMaeY/grQ5B//opd1"
    "ouEf2A7+XDwoEx0bWkLRugYVsOuKs1qwa5fE+cQKApwjZWwa7pxEhRcrZ2aSsLROHLg6xQ"
    "RbqoOhesdyQf/ENQy/nwRdwnvSqIj3iDEZDU9U14BeBNLeA0TXWorSH9wpt707RWllelgg"
    "EesB/qWxSaB30ke12a+fwiP81Nk//HB4cnB8eEKLsMcMr3z4y2s6AsYTZPD071p/sfuqo3"
    "olGMYRqF6vygJLu5yVj2wkkUKXPnYa3QDL5sI7V38oBiZTZ0b/PD5cg+XX7s35b92bt8eH"
    "76BBk44g3rjS9+902C2AO4LXwlN4Ig54I4nNwBtciPCNxrytA7x/XALg/eNCgOFWEmDdx5"
    "QD4ZhIJYj9/tlMhA/3SiB8uFeIMNzKIEzc+Qhbik0HdJwzVtzhH4WjcFZWBMzXYHzX+8cd"
    "1Dy37f8YcWzffun+g8E+X/l3rgb9X4PiMV2cXw3OCnXAfjBnb0+L1qQBkcbtCLW5aj/kdf"
    "oyiEeyInT6JOYHnRKYH3QKMYdbSczZ/xw4B+XFw3bz/ZmtyxXVyeJ7QTFy9DnOxzgul8JZ"
    "8wXfB19eHurrhvHLL73bu+6X68RYftG968GdTmIcD66+TS9cwkrQt8u73xD8if456PcYmq"
    "btTC3WYlTu7p8teCa6TzMVYi4VVYtjElwOLiU0/Igtnf6QKkpOiUo9vwg9j1Y8g2VKTLwx"
    "s1NmzOwUj5mdzJg5tjBgUeGFSkpu4H1q3K6O/kBtQIyV3yteyAvmd+DM+wUmp8lDzD4CF0"
    "bq+GGpWpqSuBN1Dw2PDZXqjEJnZzvImS/96fMNNlihnK7gmy4voppeYF/4K+j9wdWoT0Rg"
    "LdTVHBPnmUBde7WICpKtPtJBg0Ll26mrA3ULNV1DRaJiNVKd8Yy2PdIdxcaOQyt8JmZnUO"
    "MFVHjr1ScudORBUemQiTfwSp7RyrpBXSIhBlOA2TGLJoXsrXlnnr6iEnXKfhK0DS35oPUe"
    "MWso48TybrTXebHwY6C0p91YA4KR7VBlMAfRFHvOotjE1Ub+wAxepeCr7uD5KfiQ2vRDdd"
    "poYpnzNnLY3yv4wJ4vJ+G/qrmtp/1Gf7Q8fxWU9r4putb6F5c76UyfvhaP0sdO5+DgQ2fv"
    "4Pjk6PDDh6OTvdC1lL21zsd0dvkruJkS67Wn/U6RrsruYCIJAR0jm9+9RK8AVy9PiD3d2V"
    "8C0Fvs7xH8dFzmdPxFEgL27827pWCiUNiEwwNyUkpaQZ4eR+hWmRvluIzE+GmM6atvWpxj"
    "hScg4FBRBwlDtfPG4mK/dSSxPYBbrXq3OFtzVsOaLwv2328H/Xywg/JpO6k+dtD/IUO3a1"
    "t1tH6ZuIRNu2jk6gbd9Nvvodm/7UAVgM96VaRRbydtn1BBWhXShF086LxaE3adlo24KTvH"
    "vpGydBdbOdLG9TKUXWY4fWP7NgesoQnGaGJayCQY0VfbtVSgqIJugbEKrFTd1DyTA72A3A"
    "VtA6v0u21j2wb7RNbMUV8zZSwcQNT192axF5QW+6M1di2LVqX4lhVm+4Dr7HHpXxH9J3zG"
    "iAbHHhHWbJZfW7h8wz8WOu2ZrBlpSmmkKSX2rtAhgWcZmZUUjtK7eZqSpPTWTOm1Yk6H8h"
    "AXOiokyHkgh9MCL3s6Iygg3Ju3VoWoVaZSF9cghAK2vUnNLou4X4Dn8alLKEAkQnWIGj+f"
    "OkdUiC5f90LFw42XVZ2UEhDouvo2YQsQ1eB0a+YKi2c0ryFEI7ONLR2gkd0Ai9fNaxlPmG"
    "Xhgf4+zh6ekBMQ7M2vz6eWqnF16lBAvLFj812ZNkcfYOQyy8dItbEywTn7zXU2rMIqKpEm"
    "mob/TjgTCTMkzwCTkhNwgCkzvhQPL9ndv4cY5hzIE1IS5adQjgz8nHbZjKCAWG/exqJSPM"
    "Zca+9IQkCA9zsnZRYlnZPiVQncS2E8h8wviuZWmDGzspJfWHmuNHSCc6j7xSyLUKAZNAto"
    "TxiaxRqCXI+4c6aQS/qEsOfMKOZ5TLktvQ2ti975Vfemd3Ea+r2H5PpmcN67vb3s/3qKFp"
    "Y5pnMW1cqQfB1cXkDJR1PXPHvd7vdTwK59xMoD5psgElIb2Vk1yDe6f1xmDqal1uCc4+nI"
    "ZQOYpoFVUmQgyCUEjKhMXW9AeGW7o8/ZYHCVGH3OLtO+ivsvZz0KOoOcFtKdggnAe7mqRP"
    "vHBWWsf6Nj/amqFH72akpMBIPQtt2DsR2YhenIZVd61Yprke9dk9+7GOmNU+NJSanlJmtZ"
    "kqOL14likaPjWncXWkWtJyWl1pui9ZyXPZPzIIcdnd2jrPP25MpLV09V81WMyJ5UQqEGYh"
    "IimQ2fldg5E/SRBDiL7ifTwvqUfMarjE0qP71HkFX9hYFblNWDXrbUZRjBEO9U9LfTX4y9"
    "7fYNHW9uLs/vWusGkQ3AWz6hUcNGjbIA54+bBViXyboVVuTg+WaySV3SmgTq4rUmrgn6a0"
    "5oV6wrF4d1xdOAPR3S9cUkeIXm5iPW0Fs49sBEI+z9/Q45M8t0pzMWdeUfTBBGYdH/5vRV"
    "jGefsbOhXJuv/pkhXKEnILbS9GO4dE1GYO169bLmEAXXURzgX3H6+dNyMvoq5V+Q0Vdbd5"
    "T5gx0PwjERASGuId2HR4SoSqCQ5Ilq43c8YjZ6WI5+nhITsK/vd9aBG3GGPqzhDH1Id/dX"
    "wI44v+l174Dy4C/phqT7rXt5d9n/Vbnu/v6l1787RepS1SGtaLAXGpL7/uf+4Fv/FLnkgZ"
    "hLMiTX3UtaCSz3huT8anDLqjRMG2r81L28gr8nqm5UY1V0yrj7O8Xe/k5BWKOFJzyvUUKo"
    "yWptTKiLhuEANr6hKpAQIIFR7bHQFqZ9MtccuaYXx4VEcLHX3YlpU8T2khxyQp2VFI2JVU"
    "dMIpgMKi40c4Slq6NyVItvvMloYL23MSYmaQTN8SxmHcqwHnMtrMC5qjyjWlpOziFPj2oB"
    "ZvycuKykCHhvmxYniVGvYUQLz4bgpkmkJWtaNYjqYcg/3gRCZbg1UVCBVEhFhUiyYLFCXi"
    "ZtTJIFX6PWy5AFJTlNktMawJ16mpxWhjA1A4h3dVZhMxfp649Hk8yyMihZeOIS7Zk43bBK"
    "RIJoC+Q71quKCXhBp3uShBdRKMsdJBcbQ97YyJ6pln/Gm19fm2U71x0bwXRM0QNCXZDsPP"
    "+8uOdXmcO4+6MV4+fGWvDYcwkuXjz/tT97e+34x9d45Dt6Kc7FS5SIiWh0PQRJFiRLr6Es"
    "PUm72bUnxH9T+EiSSSnhKJI15JpOj1BVeDfZYW57PAJiOoo36rb4VNCCe9eDW0bFiWoZEr"
    "jmpSnxfpZ3BUoFJbJcnOfzbWpgKvha4WXcJMVE8HzU7j8PIQN/Ebdzr0BcPOTrG774fXxZ"
    "SRHw3raPL0BRdej+YJF3PngxbyRHdHvrpb16F0vPMoalAa5kU04IShdqcyzIWcdBZlNYQd"
    "VpeanxJmtcOgiLB9CX6SqSDsLXqPUyDsKs3bC8NSnH5igtStW5tdXSuWwgjcvrVcAax+4u"
    "MmM0TRFl3bulUmIUjDobAJjPkftSQc6OttyudC6XXtpBWuwfHRB8Z9KPDXpJm7m6z3eScv"
    "g9z73w8r7p6BN9XHi2dF6x9jo/qB+2Tif5SKKkP7T3iK0V0snIpJoJ84PEK2qjB7xwEO2M"
    "bbTUnRlazlQHLTHSdM27oOecLr3BesvkIpkY6nTq2bYtPMb6I5ZpRna+uil2YMrUDLWnZo"
    "i/apxRijmiIpif63a04EdYBDGIOMBOSomH8+bdKjvNUdSwCIKacxQBZN7yrwLWCUHhwN78"
    "+EFXTHCEDQ/MMREBJ8XNsw4s/G88dgodsutSb6UE5UD99EAdW5SnFtrrzlCJScljVDiOUZ"
    "lhOrVZXCdpxUSacZYWNCvMWVojU8s5oqmY9BGUF2Ik3zbXA8BTbP3PnLV3cWRpXEayOzKR"
    "uwyemdo5OuaZKlNi4k2Um1/5McjobyZj1eGeL7PCctrkmDZt07X4MpJFErJvP9236QRZgH"
    "DxuiQu86yFScOw3vYKJG4Kz8C/ntSREpWsjqawOoq4PBlf9ob8gJwuLt/Fl+PVipx/xY6s"
    "WCxm2aT6NiYOgmcPE907MxyE3b2xkbkkgfvplOW8zwbnIdVBc6oBenuMi7Lr19JOGdfWml"
    "z6cbc7/WRXbXc8xliT/q8m+792bFdtmEpqNmJLZ6PMAy8iey250qsU3LWJoK7GKaBmqzZ/"
    "NNczvQZNA3jbpr2XlnU/CIPgtGPnpN6/vhmc925vvXhfyxxj22Yhv7f35+e93gWUDZd76T"
    "DfvEDgwadPV5f9Hl2fTiZBLE4TnHJsPcPHUUkIySTaSYyzVhhf4bB2xBYmfAavXGFp+yqf"
    "5FcmVN4e1jKh8m5maRk1WNz1xbI0yqhBkbVeJmowYWPk1HtaVsaCN0fR2fdbhiU2JS7Uwf"
    "PqWoiEN5I2/ZVY8GV46PbCQ3m8lflvR1YXQWAinyZK5rpt1DvBrYpoQCijj2d5hG/VR6xd"
    "w0mJrRyvcOxue51n2IZyCjtwsaR7uIsWtKxJEP2nIkhB/cZmvBHwybLqkFcdejt0DzE+GL"
    "ofJgeH8H2kDt2jwz2Nfh4cHb17jy4AIcjaqtvINifOKXP+WuYySOuacRpvtfUhYVFE9K6j"
    "rrxUs/E82egB4wXI6JbnpjYXK3gM34HNHg1clVVOfvf6jnQ273zJUOxs1jXuoLSYiBAui7"
    "p9QhQv4s5H9K2wsWrkUTiLzU95skKAvm0LVAQk+8Gc/T0tWpcKRPIqRLDNVfshr9uXgTyS"
    "FaLb101nYf9zAB2UFxDczfdowlZMqqE7OaE76zBOiIngP6gbaTgF+RErD5gL6KSUaH7fj2"
    "V86x+LfesfM7712PI8g/J6O21SUlppm2ylfcSWTn9IFTWnRKWem6xn6WMtHkhfprdN+lhf"
    "o9bL+Fjl0Y3y6MYGeAyec3RjnXFmZ3Aq9AUcCn0FoaA5noVUifY670L6jGmOw+SG7nHnw0"
    "f4PD6gn3jvaOge7Z+MPSM9q9JGKmItIMslXiCZY7LbI5U82GhiWixizMJTlhdRJ7ZrQa9D"
    "0NfAnJ9xL2yt5SFZYdVCb7FKK1GR7yPz8jPmnMyN/ofWrttI1979jL7bD/pigbXvzPFhs3"
    "Zt7IArg5Zw0Nh0DQ1yQg4Jq4Q5LpazFXpLTBQewE4fCuHJBI/hED0DBvwVWqi61kam69i6"
    "hlm9dBg0sJdNZElfKXNJ4ensdY7flXRqSN9FI30XXhfji5GLy8jwuCftid67zwNwJCGgTX"
    "Hz8Q3hoMrvhstICgj45ns0zFgc6+aguFw056VHeWHBV/zQti5vb+9ZiJVu2y6Lrxrc353C"
    "6mJILgYQLqWZ1WKlTkr07JPCjn2SNeaOdK5TzCIBmd0q07G9tWkWzeK0NDGRZqTLg/aESZ"
    "cnjZvFff9lmrnKGDcnOtHtWSW1p0Sl66I51kxPzw1JSRQZgm4940NrrbUoKNQuazAKTBrl"
    "bEaB1ebj/ngS2m5GBzjgf55oB+yutk8/Tz5q9MpoxO4eY8+yA+tVY4W83BlediFsofHMtD"
    "Ez6ATmnTe2b/vxjCvmBOUsY3b9PENCO5mueXaeuPHpPboL6KnAe4VKwBYJX+Y2NiborRon"
    "suq0FNSiO6uyJp8Ej5VtAiSDtZlWIGmiqPs0dnjNlApE4YyggHDXcDB4gFpl0nBxDUIoYN"
    "vU4RBObuZwVlISh58m/4Wo8fOGc0SF6PJ1G0U93HjJw0kpAYGugRQvzf3S3L/l9fnGrKJT"
    "OB+Lp8+GAuJx3jffU2WazB1nU3gF3qzu+d3l194p8iIlhuTr4JIlCnw0dQ1niES72W7K2I"
    "8clPfLDDe0VDHO+5kBx1N6lbCAuKC0rDfNsi79ZuXeMHH9ZjIoQDSty6CAbW14ZFCAsEEB"
    "5KEb8MZbuV7eeIH2eg8veVBCEjpHQEBEXGdnvzCnJaPLq8wLShfmY+YoDf2W5pJ4zs7gjm"
    "fTZ9l+QrN+hv2/+WaG5O0nbBHsvAsrMnRIMASd8Wdk0hEVkg0hz/AKrt05CONHWok9g+rL"
    "+V2lk1U6WZs4+tW969X0R93WK5zSkREUEO4yaBeDncGajd68OCeEBMS4DkMOm0oqOLCzkk"
    "IAvm3HdQAjt986Iyjd1mVy1nig8Xuts5JCdPe6HSYz09AqeK1TYgJCXSMlQ1JgJAWmCV18"
    "86OJQ6s3JxOd7/SjpJR4bu4apsnANMEZuJ2WE7BTbx7sV+jSvul9HXwGn7aFH82Hpji1vR"
    "wV4KGeWGZONnrwyuT3+6zkOq9McxSziV0ReFUyJ3mNsRLkpcuxCJqmgVVSEBOWlk0hOaLC"
    "dQEYXtkugmeDwVViX3l2md443n8569HezDozLaQ7CZNghLxRgZVhiMzJ6JSh/tNSxcNEJ+"
    "f8WDZoVfDcJiUlK6M5jtqsf96zJcKkaxiVlJ1bgdR5k3UumTjF4+rL5GRIJs5r1Lpk4nB4"
    "rSUTRzJxWhkmzg2mjz7WDZ0djHChT4KTw3NIOYVl2+v4OVZCStFCMQ6qTiSERthZYky8XJ"
    "IzlRBsvGHnaTnMIgXJJi0EbVqazfJUugvaAlbntBQMLZAA4n3aEFFLI0MyJN/phus7kG+8"
    "/nqKVJbg08ILto4I0y7YFGmkqSs0of3Yjl2Knkmd0u7VhiyctBKCl5CUoXQChdB+9EAvt+"
    "jtP1oj3TCUwE7h/0iZWKGhnB/Ovf5ztvkNgz9lDCy1zz9es88/zuzzg77PgW9MpMkG2Yoo"
    "d8rYvjvFtu9OxvadGGvKWlsTQq/a0MoG7dzu+bTnIJBtcj9tXXcvL5T7/uf+4Ftf+a130z"
    "tlmaMVlzzQZT1R6LSGh4SVgmq6dwrtaf1+78ovRydFujlT/NdySLpfBvf9O+XL5e2X7t35"
    "b6d+ziNlrttzyGxE6xrc3vUuFNh+DO5pSbr5+P2Uzd10nwesWtOlxekUuxoSaNIvf39Nl2"
    "u97pdTmIcVv3gw+YPD49N9P/1LLDxxSfq3+CXTv8Yvm/49Xmna/t23y/OwStq0s/Tdnbt3"
    "2r40/1bLXHhhujwddXDd658ikKSd7P5uoND1++DqK/i42CaU7ltN4xEo2v1e7+JWue7d3A"
    "6oBMFYsxXvpFlQZyAUlG+GZwz6vANx4pz+4LRcTb53kZJ5A2Thy86LdUJQEh1KcHi8PRkn"
    "1Ekp8XDefL4s2hSxVZb8Ntfmtoa8k5EUD+9auGneMfGcm/OkXCUrZ9OQ3kmaCn8g5oU/IS"
    "bRr4q+vzxWqmZryZeX+qiqD8Mcq9W1kSctdVFVF8GetLI6CiqQGqmqEfwIeY/zKM3FBxnE"
    "ZZpxkgE0K8xJBmz37Tq50bTFEXFJKRGWqdsOhgusHsqIy6uREhMB+bo3CCFkVUiMCVHJaG"
    "sOyUUy2sTnNklG22vUehlGm+XmG9fWWhzcArPai6a0bWEFv4b4RjHNKoGb95YkVd14db4w"
    "dZQlwUW9sMEcOFDBk+Q3X0+lWW/0l5ejuxVjXobmFeOlROwJyelqJqdL8o4k72hHI3VJ3t"
    "FLo3RUYB7d3Pf77ExZOkITdqZsdJLskHzqXl4BTWOi6jnp/XZD0ghZyIqhE8xzymyOpDxu"
    "NjfzPAPJnqn7PINzVlI8C9XmKQOMj5cXPl7YjWMSsvumu28qvKIkpCkpCWsa1gS5jwPYjJ"
    "yENuMXsywzJ4Cs2P8SCogwvG7b9UInKauayTApKU2GTTEZysO7X7cbKGOhLDaixTqE6eaF"
    "lJz5Yp8+32BDLXBxl4gGfWFvfpH98q/tWR1vg81D60nbY1S0zWGBDHcnJcNuIQF9KIMmdP"
    "8bxq6qWhs94IWDVJv9hd5O/9QXP43N+YL2ZRtr75BtwvniLNwBjVVCt9NLYphqNkN+Pc0M"
    "Cf5Bf52xQsuZ6qAlrQHEVAtrkB8fgwxrxYHbU5O1MVGtoCn6cEh3SkfXylBanpXjrtPnN8"
    "B99mrUIK3d0tq983m9rLWb1973HCtf06Cq28xn63/mdMt1Y24gIQkL1cdckzhgj57+mQc9"
    "Ua1VwcCbkEtn5lw5npXwhalgHZo+Xzjc4tGOfHbZ7978nm9qOcvhF5/9ftfrpvGXrLxXYm"
    "zh2ITXuafsupru9IhjrVo528jY3fa6naMK5RQ6AFh62SRN32Ym0nSNbbfa9BOTNnJM/09I"
    "kLScrU7ZCWQrpKn2bGTS34q8eM82svUp+UknXiYlAsnyadfJJmmqq5EyWzxzAW+XZ3eOvZ"
    "wsk5KjWlTSez0ZjuxPul+QW8BmbgHjyiy72ovLCLji23yGA++944E4khAQ4BqC7ZPDTlmU"
    "U2JbTLjS2grQm99XRwM6P8zPyGXQZJDriFSaq9YDjx84khAA3m37gU3XGZt8h3XFRLaZpe"
    "lhOz26hmNE6fIji29xsG9QXgb6ru/tFQJ9bdO1+A6TiiQEGFzqHrulnaMYemnnqMHOca7a"
    "+NxQ9Xkrx8wR3Wyvs3KMaTFlDOU4bBy6jZamBZYDZIIpAeEfY8xKvEffvWOvFJby+a3tjv"
    "6Nx867KPkzWs7Avc2axNop80N7B2DmWjrqaWpIVMgfDW/Tz8jCBqYoaF5BluB6BS5wlvaa"
    "3nhjoxmddkxrVT7RtPcs4fYi+Fv3s077j+SH8HsxAtJM0kwzSVqXpefOlJyAu/nNbzJjLw"
    "pXl0/KSWdZZWfZSwt2CoZSzkVj6/yqS+f+i9NgdoB0tFe97q2XjtabENIT0m42UNEkx2tF"
    "FPeku8OTMmbEk2Iz4klm8Z6YkUtzcxJSAo7wmzeIBy8Xd9ajhJgIQQ9bQ7pK1qOEqKS7N4"
    "3uLu0O5V4xsewOMuuRyFrPednD8IuGWJv6JstVk2tsYvfaT9qaiOnwnHkGxZGetPy8AdsM"
    "6PgULWcmWlpQJqLD5J9rVrWi55p7pFVHWnUaP2BKq46IvT8RuD/jI3pFEgL28M3vtRz8I2"
    "cdVszaCMoLAe62WRtywyPa0rfhjtYvKnFV44adV5K3/E3cX7sEnrOS/tFVJZfBXT+29w1E"
    "5dJeZjvA9/aqYD5Nm47i2AviBWI4nI0L2LcRfQ7LfMQaGq3outeE9atfV3aNXEsr7PDfuJ"
    "c27ZsFH2vQHL0HR8p5flr4Ft6BOGXWPP9Jv3GWulyKN3IpvsPjm0oM36LqIwd/B8+rKyES"
    "luv06uv0isfUbOB0GqkAbwH+wtzf/hTJ7wC/6f3vfQ9O8z1FYR1D0r2+vhl4B7n6s3pw7K"
    "6XHpQtB1iC0Jve33vnvjhs0qHkebd/3rtiuULHgJDRmHSh0omeRbkOj6Pfkbidu0k5IXbF"
    "WwJbqRIykpYUAvBtmyE0PNY17r6elJI8hqc7OiBms+MDuHt6jqgIiO+qp/Mb3JKSkkfSHN"
    "dyllEgj/Hd5c6jMBSxeHR7bihiw3CXboTGqEIwN4LkTYms9YbzpgZBypQcx9Eglk6l2GkU"
    "JF2p/+wsLg/Ja3GPPDPHf7Hjw7Wxxb5noC3ePsZlNrNrF9oipen2wlBXCi/MaTkhDCS1W6"
    "RMo7LtPJBtMtCtr5e9b72bU/So4yUEEQ+uezfduwG9EgzRoQX9JrSgZ+Kad2MBX6i2vTTp"
    "ZDZT7RnPq5ARbLKKqlIej47KcB6PjopJj3Avibh3XJoCGfcUnfAcRJQjKU/MSW+YDXP8QE"
    "FyiaPn5NNev5RPy0rDVHPW7tktG52MAeRK9sekqNRzk/VsqLYTDHoVdJ0jLvXdZH1LA1zx"
    "ZPkyTTHSAPcatd5wA9w5thx9oo/VgtjF2O322vDFqCBHAKNu2y7kloqEkTnxTl/yqJNvbM"
    "ajpmUYxdlO5bVKM6Z1J72frKmZIduqa7bHxzZoyUTtwMn2q27DF/on5BS3nZVBkYAjqVhq"
    "ceQs9TFGUyruZdSyKfqIHSsNxeHK0D05OT4ZuscnB+OhezTZm6Do1vHRyYehe4iPj4NbQE"
    "Jfmogi4LKDvOgPcXTHwOw3gFBwh/5iUDWk8lpQqBhD7a1HOJ+y4E8vypP+VHY0lofgu59p"
    "dXRrOHLpu+h+95/ig7qHafsddZ8+0YcDlX7f/3DgkeF95DkOypLk9Ka5YYtttLEuT4c2Hr"
    "tJVlI4e+3mI0UfseVhBqSdMR2DeRDPFRYO9M2bBsGnkEv7KBxjYhICxV1szDQlI1p2y6Wx"
    "8BjTZ+UcsJNSIjBq6s54LFn1WZTrIHpPOY8QiSQE9NVsfv5jexYefEOBLQb6eNvQF4ow26"
    "DxIBwKbBFhus37eEC3eYeTfRU+NW3ofjw+/kj3p9oB/TwanYyDreDJaAxbweO9Lalk82P3"
    "i4t0m6tgT+CEu/Wl+5lFrnnSELbWvfj9lB1vvRqS2/vr3s1t7wIi1mwXgtax1pSQNUf9wc"
    "wqdDWoMGC43p884bqUtbvJdvOvRRw4OB0Pcx53lCct4CRcQwadGHQ2Vo084Nfk08mVFgL4"
    "bdPiQyh5OXMZQSHg38KA4xubObGOSQkI9H6nTIpvWqp4Ru1kknx7pnolbzNVfDR8QuhVHw"
    "1v6ATn0NiKz/IKBZpxmBe0J8xhXo7pqAZ/ppCEmEwUUtnEuNAmecAXnybvC1Q8Rr5hhsV1"
    "8NV0ijzFT7FnaufomGeeTErVZNMVaf+z8LbYHP3aE5D9umK/jswOymhVIUNuVlrGYFcd1O"
    "eqhivw0mJiknDaHA6aJJyKTz2UhNPXqPWGE07BbaI7LijjM161cjinqRLtdbRTPSoLPvOy"
    "SYMJigm+sVH3+hJR8VP0nX7SlQKjS9ozcwkFkWFObca6hD0y7TF22yNrYjrwOcikPYR+jG"
    "k7jpn2jtTY1JDAnSC2kp3REbItf0ZLTFvBC/rdRre/dX+ii3z0VkX0v59GuoMs2oY5D+ol"
    "GGs2IiayDXOJIJTxXUm+poyJ32ZMPK/RuW5bs0h7O+9t5EE3kpA0yicdtt5IU8FIkREU0J"
    "6/+d4MUCh0alDmOnHzqAzFGcuykgLtmTfGYvUdH3zpLRNCW2SH1GXWr7sXyy1pMfQvc3NS"
    "Zktq4UfzoeLJrHFJaW5qzg40q2UWkO5WO4E3LSs13TRNN8TY0MWWPp61cowM/p32OuOCGp"
    "WReeVe1kKteA/9iC2bM2IgJiLg5qOW9E7wUnEg7BcXEN39vb0yW+m9veK9NNxLrYtN4mCS"
    "M20Ws41iItvnG+1motwYs2ink9lf/w8BBv/R"
)
