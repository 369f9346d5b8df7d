from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" ADD "verified_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "verified_by" VARCHAR(24);
        ALTER TABLE "declarations" ADD "expires_at" TIMESTAMPTZ;
        ALTER TABLE "declarations" ADD "void_reason" TEXT;
        ALTER TABLE "channel_notifications" ADD "source" VARCHAR(64);
        ALTER TABLE "channel_notifications" ADD "body_size" INT NOT NULL DEFAULT 0;
        ALTER TABLE "channel_notifications" ADD "body_sha256" VARCHAR(64);
        ALTER TABLE "channel_notifications" ADD "body_truncated" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "payments" ADD "expires_at" TIMESTAMPTZ;
        ALTER TABLE "payment_items" ADD "posting_deadline" TIMESTAMPTZ;
        ALTER TABLE "saved_payers" ADD "verified_at" TIMESTAMPTZ;
        CREATE INDEX IF NOT EXISTS "idx_declaration_state_8b3ae3" ON "declarations" ("state", "expires_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_declaration_state_8b3ae3";
        ALTER TABLE "users" DROP COLUMN "verified_at";
        ALTER TABLE "users" DROP COLUMN "verified_by";
        ALTER TABLE "payments" DROP COLUMN "expires_at";
        ALTER TABLE "saved_payers" DROP COLUMN "verified_at";
        ALTER TABLE "declarations" DROP COLUMN "expires_at";
        ALTER TABLE "declarations" DROP COLUMN "void_reason";
        ALTER TABLE "payment_items" DROP COLUMN "posting_deadline";
        ALTER TABLE "channel_notifications" DROP COLUMN "source";
        ALTER TABLE "channel_notifications" DROP COLUMN "body_size";
        ALTER TABLE "channel_notifications" DROP COLUMN "body_sha256";
        ALTER TABLE "channel_notifications" DROP COLUMN "body_truncated";"""


MODELS_STATE = (
    "eJztXW1v2zgS/iuEvzQFvEXivAeHA5zE7XrbxkHitntbLwxaom1dbMqrl6S+3f73IynJeq"
    "UtKpIjMwSK1KY4lPwMOaLmmRn93ZibOprZ777YyGpcgL8bGM4R+RBrb4IGXCzCVtrgwNGM"
    "dXRJD9YCR7ZjQc0hjWM4sxFp0pGtWcbCMUxMu7bBzJwYGBg6wo7hLMEeBN/Q1RQ6wFwgbO"
    "hvAcR6E5hYQ2BkuvSz4djAQnD2C70wsCDnMvE7ejrd1Mj5DDwpfWQXG3+5aOiYE+RMGSzf"
    "/yTNBtbRD2QHXxcPw7GBZnoMNUOnA7D2obNcsLYudt6zjvSiR0PNnLlzHHZeLJ2piVe9De"
    "zQ1gnCyIIOosM7lkvBxO5s5oMe4OtdadjFu8SIjI7G0J1RlVBp7wLCtsZweNPrD+87/eGw"
    "kVJXIBHB2W/STExVTS7VZr9+Qi/hl9bB0enR2eHJ0Rnpwi5z1XL60zt1CIwnyOC56Td+su"
    "PQgV4PhnEIqqfBNLBEvVY2sqFEAl1y2Ul0AyzrC+8c/hjOEJ44U/L15GgNll/bd1e/tu/2"
    "To7e0hOaZDl6i/TGP9JihyjcIbwWmtArEoA3lCgH3qAhxDc0IFsH+OAkB8AHJ1yA6aE4wI"
    "aPqQDCEZFCEPvzs54IH+3nQPhon4swPZRCGLvzEbKGNjHoKMNW9NEPrhVOy8qA+RqM+53f"
    "+3TkuW3/NYtiu/e5/TuDfb70j3zq3XwIukd0cfWpd8nVAfvBgrM9KVqRBmSy2yFqc2g/ZE"
    "36PIiHsjJM+jjmh60cmB+2uJjTQ3HM2f8COAf95cO2/PnMtuVD6KTxvSYYOcYcZWMclUvg"
    "rPuC74IPu4f6OjPe/dy577c/38Zs+XW736FHWjE7HrTuJTcuq0HAt27/V0C/gj96Nx2Gpm"
    "k7E4udMezX/6NBrwm6jjnE5tMQ6lFMguagKabhR2QZ5IcUUXJCVOl5J/Q8WooYy4SYfDaz"
    "lcdmtvg2s5WymZqFKBYFFlRcsoT1VLunOvID9R6eLf1ZsSMLzJ/AqfVFXU7jh4h/hDaMoP"
    "bwBC19GDsSTg8daTNIdEags9MT5NKXfv/xDs1Yp4yp4PsBr8ORdnAu/Axmf9AazokQrAVc"
    "zhEVeBZQt94osoJkw0diNAhUvtO3OFD3dKRbOpCsWI2go03JuUeGM7SR45ABn4nZJR3xmg"
    "54740nE3TUoJktk2fi0ofmrXmyBWI4YT+JnpueyQeu84jYiVL8hneguY7gQI+BVdjMcPQw"
    "ArZDlAG0KcQTBMwxgCBihpvANzPAtFYfDQfNL8DT1GySP9BpgrFlzpvAYd+X9A/K4DwqPt"
    "dmFuR7wyNbaG/v09DQG38KkSOXxuS18CPnrdbh4Wlr//Dk7Pjo9PT4bH9FlKQPrWNMLrsf"
    "KGkS231sZlFCXeXdj4cSErr5y9+Lh0tAaJbHxDZP9l0AeovzPYSf2GVBGiuUkHB+l0+y0B"
    "vFkN1wRECOS6ln+s12hDz4CaMclVEYb8aYLH3TErQVnoCEpqKKkAJoZ9liPgsbSmwP4Eaj"
    "2kecrVGvdM+XBvu3+95NNthB/6TXz9Ac8A+YGXZlu47Gv8YuZrddMHKNGXmEtd/R0/77BV"
    "RB8VmviiTqzbgnjw6QVIVyyPKNzqt1yFbp2Yg6ZjP8Gwm/Ld/LkXQV54nmZG7AN7bvc0A6"
    "GCMExqYFTIwAWdquBWm8JdUtDb+kMZaGqXsuB9IA3AU5B4Lks20j26b+iazQzqpOk8fDQa"
    "Nb/WezyAIl3b43NNeyyFBD37PCfB+0nV0u+RYGs6yuMQzqYpdI92yWP9pq+4Z+LAwyM9lp"
    "lCullq6UyFohJkFkG5mWlC5AtfygGxWgWnGAqhUhHvJDzCUrFMhZIK9uC6KxwClBCeEu31"
    "u1Qq1wYDB/BCkUsO2H1PS2SHgBPC86OIcCZAoPXqEmHh2cISrFlK96o+LhJhojHJeSEOiq"
    "5jZmGxA4E6Q1M4Xlc5pXkHCQeozNnW6QfgCWb5pXYk+YZ+GB/D7BGR6TkxDs8vfnEwvqQp"
    "N6JSCf7Sh/KpPTkQsYuczzMYI2Go5RxvPmOh8Wd4hCQRN1w/9FYiZibkgRA5OQk9DA5LEv"
    "fPOSfvr3EEOChjwmpVDehHLo4Bf0y6YEJcS6fB8LJHhoQnvvUEJCgA9aZ3k2Ja0z/q6EHk"
    "tgPDddMit1t8AdMy2r4gsL3ytnBkYZ4fv8KIuVQD3CLOj5pAmzWBMg18HunCmkS66QPnOm"
    "FPO8SLktrYbGdefqU/uuc32x4r0H+Paud9W5v+/efLgAC8vUyD2LaGWAv/a617Tno2nonr"
    "/u5Z+naHTtIxo+ILEbREyqlCerGnGjByd57sGk1xqcM5iOzGgA05whiHkOgsyAgBGRqWoF"
    "rFq2a30ue71PMetz2U1yFV8+X3YI6Axy0slwODcAb3EVyV2PCqrM9VpnrhNVDcWjVxNiMj"
    "iEtk0PRsKeBJdXXFKtrzqvLxUey98pyBUeG9W6u9ALaj0uqbReF61nLPZU+ntGfGx6l7rO"
    "358pr5z9RR0YkVDmuBK4GohIyOQ4elah2lTYfxzgNLrvTQsZE/wRLVNeiewiD0HJ5R0Dl1"
    "fXgTRb8GkVwx6dVOS3k1+MvAeuO2Jv7rpX/cY6I1ICvPkLtNTMauQFONtucrDOU0VoNZCD"
    "5uVUx+mSkSSa4pWWLrmaQozR7MZ0jLGhcRN9sro11yX8aJ4AuXuHEjkzfzqPyFoCA7PKi8"
    "AfCEQHaoIHtHAAmZdN8GQ4U1ZrBDwhoBu612BkpPqUOG7JNdxVbk25uxJ+bo2vdRGfcUSk"
    "zh79gj7j8pPfowsqc0O4pp5tWlQGZ1fVkZOshJRw1GRcSj6cyw9IMF2CFw3LEwz/SMpJV3"
    "28/IA+CpmFxrT0sjjWMUHpwC7ffpB9EY0aEIE5IiLhTbGKHMj/Is3hcj/rEiETgspQ56gl"
    "NYOTSVZS0lraOiKlmGsB5nqKyK0tq14rP3gpIlKP8CWpqsSMTD0jKobPLwf9pbDk22aWKX"
    "hD2/hfxt6b+0wfk9me73u/KnNeyhvakpBOYev4RORWmRCT70ZZxUtRCGTkN2ONQSJ2v0wL"
    "q9umwG3TNl1LE3piDyXU3M5TJZCHMH9fEpV51sakZlhvewdiIQ0Zj4ViMhKiKiijLkEZNa"
    "9UFxCvGeRVhJPlE1bR93Ns5qg+mxgtwdwkExXsmRZwTDBC3ve3wJlapjuZsgJyAc0UFJQj"
    "/81NC0UL6dtpqqr84Z9ZjW6V1BAJmVL14+rJcb2om7pmClG147YJcPl+U8XXVl+s3EvjLJ"
    "r+qVI/i9nvaL3P8GIF5nlCTMK5ftBaB26Y8Xy6JuP5NDndX0Fu59VdhzwLXF8Afxc3wO1v"
    "7W6/e/NheNv+z+fOTf8CwCdo0Fd8BXF8A/zl5uNN79vNBXDxA9nf4wG+bXfJIDSbb4DJk9"
    "89G3Jm2nTE9+3uJ/p9DI1ZsZzQVh7ap8WnfVqcoozmAmGxsJOkXJ2VWxv3ysJCBDfBAJ+Y"
    "kHJibUaZnArb3puEBKFOS8qW7lxF4T+DPNkW3A9lCKtskqJ7Ig9MYedhRExlatYneSuds0"
    "e3Da6FiOrEquIl5dQ9ZLNVCzATTzxPS8qAt8o93wVN7JpFU7nnfAMnF+Glcs9l1nrGYk/l"
    "nqtcZ5XrXP1tsYRc5zz5t1MKcfL9bMVzcBOvhNvJDUk6BTdWqF4lKudAyUvCeSZOd2wQmS"
    "DaQggMm1X8MJhg0m0MhQkz8jfHw/RwLObkjQ1s8gyPgDkGEPjjNdnrEw3HBvR2TNCjYS3B"
    "2xPTMTDlDJkR9/K9ESn3EDmDF9ASi4iJvlDPv3t75/Hfh61CYOoZAqM47Zf23/rLRCwCKS"
    "4lXfxRBa+hi1mjTKQ3k9qpQbb4jnRsOkN6fhRMhtwkNz1227tnPHc4ygDTNq+CsfezvBba"
    "K+iRJrqfT2ZX8EJHXytkH1VkCfliMvhrK2f9VpBRL7cwJcERlw/56syXODORlpQB720zEw"
    "GK0CE7/YWT8bDGZ7szRFUmY9Y2qJB3OCaoiJ/6+ILTFECwEnQEdfpSjiKqTsorjddZ44rq"
    "4xvQ3SR9FNX3GrWeh+pLewDze5MyvIfKo1Q8IrBYne8S6nu/XgWsoWhfomRy3RSRl6jNVS"
    "uZY3VKAFiMkt1VkNPWVpgUFyLnklQnn+nsYdQ3yZ8S+c567u6z6U4BBtP//RnkZYgMn7eM"
    "UM55M/htsiwBVfAqq96ZooBdfGMD8wkHOfYXLME+zUEC6IA52XSQwxripfJXcp48Of2Zif"
    "s0oz9uk8hfxWXWk8t84VKoNVNJ1S+SV/nmKt9cSgMT3a4U4rnK4Ldqp4CKCS5xYuuZhFbd"
    "AN42o7Vr2f2BR7ghhn9Gij/v5c33X66uOh32/mbb1TSE9HT6fjomIrmNfZkYCH/3Ipb4HB"
    "NSOc9xjPnZgSoTU2Viyn53UMQdf+rvJoWjiLvXqPU8xN1qs1NA70lZFY5RH0VnBOAoZrAm"
    "1KyD5sW1EAqXUjbnlXiOFUO7PYZWhDjMXh1pXQTcoJgmciaO1mpNCKsiNAh59PGszMl7+I"
    "j0W1oGsJHBPUaONtfxjzbtN2TVBHOSkG2wIH1NDMg/CGg+9xubvWKAMn9sOOANB/YG7hFC"
    "hwP3dHx4RD+P4MA9PtrXyd/D4+O378A1RYimQBo2sM2xc8EoRst8CnIkU9TkVs8+wOyFk+"
    "SoA5de3mY06Rw8ILSgMoblkaHmYkkvw6dJ2aVRiqxIMXNv7qia5S++ZeCTnIYPekoFfAdU"
    "REQKV3nVXATBC7vzEVkVNoJ+mlte91OWrBSgb9sDFQLJfrDgfE+KVqUCmfzbIWxzaD9kTf"
    "s8kIeyUkz7qsMo2P8CQAf9JQS3/BmN2Y4Jzgwn4y2P6zCOicnAH1SNNC2f/IiGD0gI6LiU"
    "bAzkeR6W95zP8p6nWN7I9jyF8no/bVxSeWnr7KV9RJZBfkgRNSdElZ7rrGfFsfIN6W6ybY"
    "pjfY1az8Oxqjqoqg5qDRiD59RBrbIe4yV0tOk1GhnOPXIc75emyIV0p+Y6jmFEu5PfSPoP"
    "bU8gJ9cwcE9ap+cD9/xAG9PPJ4fk7+gQBU79M/2QHdUPyN+zc520jEbs6AnyvPlLBK3ZEn"
    "iB+F5iErKANjVtxF5ASvuMIH54YwN2mYBdJvXim15Zixj78MLXM8DEDho6TawysO1adAUB"
    "um7egX7AOVAygw5CJxj9MLfRbAz2YJSdMEgvOgp5rH5bhJygP0LREjWlJdT7PauucsdevV"
    "aA/UkJSgh3BQXXAtQKM0H8EaRQwNYrsAVwCtNBaUnFBuWo9RigJk4GZYhKMeWr5oI83EQZ"
    "obiUhEBXwHQG21jxUIqUpISAlz+z2dY9BTN3ax50V46PjBjiiQXF8s9WAvIRmeXPVJVz/8"
    "Ih8ruWlyyugEb7qt/92rkAHv09wF97XZZ1/Ggael2KqitCPwPlgzzmhvTi43yQMjie0otw"
    "vVFBxfTWh/xRTK/8nJ9iel+j1hXTq5jeetwWd5bpbSPL0KaNDHrXP9Jcx+nCsM8mFpeP6G"
    "baUYhjfC0E4zMdGHzq8BFZtiB3GBGp85NeweeM1vFxnlKCx8f8WoL0WOKBjiwqAYT97hKi"
    "e7CfhywkvfhPcfspupCc0cnMIP/tvnfD2dqHIskdnqE54B+WX7qDaK8Bl4KxnhhMcoCJ/R"
    "kd4DJre7DNm9nP/wOrO6yS"
)
