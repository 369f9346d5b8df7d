"""Every datetime written again in UTC (SQLite only; PostgreSQL's timestamptz keeps instants).

Until now SQLite kept each datetime in the offset it was written with (China's for Tortoise's
auto_now columns and the posting deadlines, UTC's elsewhere) and compared them as text, so a
comparison across offsets could be hours wrong. From now on app.instants.InstantField writes UTC;
this rewrites what is already there. No column changes, so the models' state is the previous one.
A naive value is read as Tortoise reads it, in Asia/Shanghai.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = {
    "audit_entries": ("created_at",),
    "bank_agreements": ("revoked_at", "bank_cancelled_at", "created_at", "updated_at"),
    "batch_debit_lists": ("created_at", "finished_at"),
    "batch_debit_settings": ("voided_at", "created_at", "updated_at"),
    "certificates": ("made_at", "created_at", "updated_at"),
    "channel_notifications": ("received_at",),
    "declarations": ("voided_at", "assessment_released_at", "expires_at", "created_at", "updated_at"),
    "events": ("created_at",),
    "manual_refunds": ("decided_at", "created_at", "updated_at"),
    "operators": ("locked_until", "disabled_at", "last_sign_in_at", "created_at", "updated_at"),
    "payment_items": ("posted_at", "posting_deadline", "created_at", "updated_at"),
    "payments": ("paid_at", "expires_at", "created_at", "updated_at"),
    "reconciliation_differences": ("resolved_at", "created_at", "updated_at"),
    "reconciliation_runs": ("started_at", "finished_at"),
    "refunds": ("created_at", "updated_at", "succeeded_at"),
    "saved_payers": ("deleted_at", "verified_at", "created_at", "updated_at"),
    "users": ("bound_at", "verified_at", "created_at"),
}


def _utc(text: str) -> str:
    at = datetime.fromisoformat(text)
    at = at.replace(tzinfo=SHANGHAI) if at.tzinfo is None else at
    return at.astimezone(UTC).isoformat(" ")


async def upgrade(db: BaseDBAsyncClient) -> str:
    for table, columns in COLUMNS.items():
        for column in columns:
            rows = await db.execute_query_dict(
                f'SELECT id, "{column}" AS at FROM "{table}" WHERE "{column}" IS NOT NULL '
                f'AND "{column}" NOT LIKE \'%+00:00\'')
            for row in rows:
                await db.execute_query(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?',
                                       [_utc(str(row["at"])), row["id"]])
    return ""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return ""  # UTC texts are read back as the same instants


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
    "ANquJhuJykhIBv36LpjCWwbg6bq0Uzh392aMlX4tC2+re3dyzFynAcj+VXDe/GZ3R1McGX"
    "Q5oupVvVcqVOS1j2aaFhn+aduVNDqMRjLKAKO+YM21+b5tH82+1wUEBdjkWyvhRj5oL/sm"
    "VuXbi2/jL3sL/AnXqGSRbRznv6vL+2agJ8A5oUopQbJRe+z0bq22n/CO1AJZDI7uYq49yc"
    "G9hwFpXUnhFVoYvmeDN9Peecb/t2Fd36zofWRm9R2Khd1mEUujTK+YxCr82Xo9k88t1MP6"
    "KQ/3mqf2R39SPy8/SLTq5Mp+zuCfI9O3S9aq6BXzvDry6EbDBbWA5iDp3QvfPGCXw/vnPF"
    "mgPOMmbfn2eCiZEZuu/nSTqf3oNxSE+lvFfaCfVF0l+WDjLn4C1MElkN0or2Yrjrsi6fFI"
    "+VbQIUg7WZXiDloqj7qAr6mmkViMI5QQnhruHUhBC1yqTh4h6kUMCuqcMRnMLM4bykIg6X"
    "OLAlRE2cN8wRlcLk63aK+riJkofTUhICXQMpXrn7lbt/x+vzrXlF720oVqooEpCP8759S1"
    "VlMvdcTeEVRLO6F+P+994Z8DMlJvj7sM8KBT5aho4acjKiyv3goHxUZrghrYpxPsoNOL7S"
    "q6QFJAWVZ71pnnUVNyv3hskbN1NJAbJpXSUF7GrDo5ICpE0KwA/dkDfe4kZ5kw3amyO8+E"
    "GLSOgCCQExcZ2d/cKClowuD1kUlCzMZyxQGsUtrSfsBzvDO75Pn1X7idz6Ofb/9h8zwW+/"
    "Ihsj913UkWnQAkPUGP8MLDKi0mJDwHe80tDukgqjR9KJs6Ddl4u7qiCrCrI2cfSre9erG4"
    "+GY1Q4pSMnKCHcZdAuBjuHNRu9RXFOCUmIcR2OHDaVVAhg5yWlAHzXgesQRuG4dU5Qha3L"
    "1KzxQROPWuclpTD3ugMmC8vUK0StM2ISQl0jJUNRYBQFpgkmvv3RxCXdW/O5IXb6UVpKvj"
    "B3DdNk6JoQTNzOyklo1NsH+xWGtEe978NvNKZto0froSlBbb9GBY1Qz22LU42eRmX4dp+X"
    "3BSVaY5itrErolGV3EleM6SFdek4HkHLMhHEBTlhWdkMklMiXBeA0ZXdIng+HF6l9pXn/e"
    "zG8e76vEesmRkzaWS4KZdgjLxZgZVhyszJ6JSh/pNWxcNEh3N+LBu0KkRu05KKldGcQG0+"
    "Pu/7Eumka5qVlM3tQOm8yTpXTJzicfUwORmKifMata6YOAJRa8XEUUycVo6JM0Lko88M02"
    "AHI1wa8/DkcA4pp7BtexM/x05JaXokJkDViYXAFLlPCGG/luQCYozMN+w8LZd5pGixSRvQ"
    "Z9q6w+pUeivyBASXpBUdWmgBiPdZR0QtD5ngCf6NbLh+o+Qb317PAGQFPm20YuuIqOyCQ5"
    "AGOlyDObFjJ3Ep/kzwnphXm1bhJJ1g9ESLMpQuoBD5jx7I5Ra5/WtrapimFvopgi+pCis0"
    "lPMjuNd/yTa/YfBnnIGl9vknG/b5J7l9fmj7AvgmRJrskK2IcqeM77tT7Pvu5HzfqbGmrL"
    "c1JfSqHa1s0Oaa5/ORg1C2yXbauun2L7W7wbfB8MdA+7k36p2xytGahx/Ish5rZFpDE8xa"
    "0W66Y41Y2mDQuwrakUmRbM604LWc4O718G4w1q77t9fd8cXPZ0HNI21pOEta2Yj0Nbwd9y"
    "41uv0Y3pGWZPPxyxmbu8k+j7JqLY80J1PseoLpI4P2dzdkudbrXp/ReVgLmoeTPw14fL0b"
    "ZL+JjeYezn6XoGX22wRts9/Hb02eP/7Rv4i6JI92n4Jw5/6DtocW32pZKz9NV8RQhze9wR"
    "mgksTI7sZDjazfh1ffaYyLbULJvtUyHylFe9DrXd5qN73R7ZBIYIR0R/NPmqXqDIXC9s2I"
    "jFGbd2meuGA8OCtXU+xdpmLeFLLoZRfFOiWoiA4lODz+nkwQ6rSUfDhvv14WeRR2ICt+y/"
    "W5bSDv5CTlw7sWbpp/TLzg5jwtV8nL2TSk91KmIhiIReFPiSn0q6IfLI+1qtVa+PJKH1X1"
    "YVozWF0bPGmli6q6CPekldVR0IHSSFWNoEda95hHaS4+yCAp04yTDOhjpTnJgO2+PZebTV"
    "ucEZeWkmGZuutkuNDroU2FohoZMRmQr3uDEEFWhcSYElWMtuaQXBSjTX5uk2K0vUatl2G0"
    "2R7fubbR4+AVuNUOmtK2gxX8BuIbwTSvBGHeW5pUNfL7PDB1lCXBxVbYYA4cVcGz5LdAT6"
    "VZb+Sbl6O7FWNehuaV4KXE7AnF6Womp0vxjhTvaE8jdUne0aFROiowj0Z3gwE7U5aM0Jid"
    "KRufJDvBX7v9K0rTmEODU95vPySNiIWsmQZGIqfMciTVcbPcyvMMJGcBj0QG57ykfB6q7V"
    "MGGB+Plz5eaMYJCWW+WfPNpFeUhDQjpWDNwpoi9wkAm5NT0ObiYrZtcRLIiuMvkYAMw+uu"
    "Qy9kkrKruQzTkspl2BSXoTq8+3WHgXIeymInWsIgLI+XUnIeiH39NkImLAhxl8gGPbA3v8"
    "h/+UedXseupxtuD7v2usVxNybutjf5GSFtp5FNh22UTaj9sbCAbujgaQHdNvmJcBu4VvAn"
    "TWZ9WqzPWLX4NdChs5ha5LsCn5vbBo5xj/9kYD/rFdPChgTZfEJtXQ8p4wW1VtT4/DVCIr"
    "zJsl7JJEYkfVtmOLI/DV15SRvqJU0qs3SOREKmyd6nxmSj+O+dCMSxhIQA15AYkR52SmdF"
    "pMV2mBzX2gnQ2/f4xwO6OMwvyDtpMsh1sMqW0H4Q2bPHEhLAu+s9u+W5M0ussHpCZJcZtQ"
    "+7segajnwhy488vsXE7LC9ImVvtvYKpGzH8myxwt+xhASDS91jt2KKFkMvlwNQwDFUp5/j"
    "GmIPmiOW8tjieDpS99ubfB1L1jLIfi/p7OgCv+jCGwfYiFiZ41I3hN8FraAFHDKsIOAuoM"
    "v8FbS8FsW+DcjnsK1HpIPpGkByeYHsoK+8t6OWp7D6YfFZ2okyYuBpYZiIVQkLH0fu0aoU"
    "Z+xp9Lfozoqd+kceL14sLOk8Ue6RRrpH9pgBXmL4llUfHPxdtKyuhFhY0bMrq6JqpusWEl"
    "yVAvzl9mHRBVvBFIlCmyjPGuz9712PFgQ7A1EfE9y9uRkN/VpQwaweVu7yGYZsOcA4hqPe"
    "33oXgfi/0IxJX3QHF70rRjeMqslnFxr72RzHaxBRD7G8J05s3wcfGZJwVmxaTkJ/fG1ga1"
    "U8mVlJKQDftU9TRzNDF7b1tJQM/K+6DZ0ixo6kFrd0jqgMiO/L0sUdbmlJxbxqGvNKVQJr"
    "ys6jMEJWPLq9NELWMNx3PaqpMELxKyBXGEEVnJBZ65zJLWK+NiB4NAyZfJzA0TDB8isOGo"
    "VcwPrT74UiJK8lPPLCNKHiwAc9UIn9noO2ePuYlJHubJQa9o6GszLhWhOFOSsnhYOkdo+U"
    "ZVb2nYeyTQa69b3f+9EbnYFHAz0he4KHN71RdzwcseMU2BAdedBHkQfdboYHfAUd58kik9"
    "kCOguRVyEn2GQVVSXxHh+XYfEeHxfTeOm97NnitOKCRhNBNAOL5DJzJFXSLadUMz2g2sOu"
    "wSlAs3kpn5VVjqnmrN3zWzYyGVOQK/kf06JKz03WswkdNxz0KuiaI6703WR9Kwdc8WR5mK"
    "4Y5YB7jVpvuAPuAtmuMTdmkJXqzPngkrfbm9xws7ihwLnPhuN4SAcJYWDNGcU5oE4G5y2T"
    "Nozi7LwHGxnThpvdT9b0mAnbquuOz8c2SctU75STHXTdBo4F/AR3wE5zBPekdeII6ErHPC"
    "vmdkNilBvKf8b2IHguXV5SOmfm9hODH5HtY0YZLTMyQIkgzhWWDvTt+82ow53LiSg+diiW"
    "kCgpYWt+G5Xuse8D/2aIfFbBATstJQPdpO4sVUU5z6NcBwv6XrDsSywhYSCjjlrN66KoHh"
    "/fSGCHWTD+Hu1gET6wnKMlpFs9Qbhb191vLIfIl6YJRN3LX2j2ENTXE3x7R8+Z713S3CHH"
    "o+nDSG9K8pALfyeLD7ao0xgwIq8DV7guZe1vZN/+/JkEjpbP4xUtLgd7LC3hiL/9KTUJnY"
    "OgyQO+mJTMl5YC+F0TlCMoRdlLOUEp4N/BgKNNPTIfeYJYJ6QkBPqoc1pmQu2cFs+o9F4a"
    "a99drfFW7sWn2qSEXvWpNgXHphQX+yo6LWVP1b7o86Sp9uVaLjTFazakxFTJhsr+rJU+5w"
    "GPob0ucCT6AhnIp+sgrHdYXqxN8AX2Gxk7sfXz/qA7+oW/KDnn2Pv5L+NeNw84PR6oc3wi"
    "Mk+mpZQD8fn1yMrfYwsYti+gDLuiYcd+B226Fo5P8KRVOmzVUX0JdVSBIpQQU9y/5tCBFP"
    "dPfhaY4v69Rq03nPvXRbYxW7Q4tL/gTnvjyTRxG5V1u+P1Rm1Zt49klSYYMk6ISOjgqyX5"
    "jb5UAggHzSVE9+hDmZNYSKti9+mH3Fks5IkuwpxJtNgDmBDZvQ9wP4virXn79jqZ/fH/EA"
    "5Oxw=="
)
