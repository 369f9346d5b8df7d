from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "certificates" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "certificate_no" VARCHAR(24) NOT NULL UNIQUE,
    "verification_code" VARCHAR(16) NOT NULL UNIQUE,
    "user_id" INT NOT NULL,
    "payment_id" BIGINT NOT NULL,
    "active_key" VARCHAR(32) UNIQUE,
    "region" VARCHAR(16) NOT NULL,
    "style" VARCHAR(16) NOT NULL,
    "state" VARCHAR(16) NOT NULL /* MAKING: making\nREADY: ready\nSUPERSEDED: superseded */,
    "taxpayer_id_index" VARCHAR(64) NOT NULL,
    "taxpayer_id_masked" VARCHAR(32) NOT NULL,
    "taxpayer_id_sealed" TEXT NOT NULL,
    "taxpayer_name" VARCHAR(64) NOT NULL,
    "tax_bureau" VARCHAR(128) NOT NULL,
    "issued_on" DATE NOT NULL,
    "lines" JSON NOT NULL,
    "total_fen" BIGINT NOT NULL,
    "pdf" BLOB,
    "pdf_sha256" VARCHAR(64),
    "png" BLOB,
    "superseded_by_id" BIGINT,
    "made_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
) /* One issued certificate of one payment's posted shares. `active_key` is unique while it */;
CREATE INDEX IF NOT EXISTS "idx_certificate_user_id_5c4cde" ON "certificates" ("user_id");
CREATE INDEX IF NOT EXISTS "idx_certificate_payment_c0156e" ON "certificates" ("payment_id");
CREATE INDEX IF NOT EXISTS "idx_certificate_taxpaye_22505b" ON "certificates" ("taxpayer_id_index");
CREATE INDEX IF NOT EXISTS "idx_certificate_state_1f3e82" ON "certificates" ("state", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "certificates";"""


MODELS_STATE = (
    "eJztXf1v2zjS/lcI/9IW8BaN89E2OBzgJO6udxs75zjt7a0POtqiY11kyqePZP3e9X9/SU"
    "qyvihHVCRbZggUaSJxKOkZakTOMzP8b2tp6ch03t85yG6dg/+2MFwi8kvieBu04GoVHaUH"
    "XDg1WUOPtGBH4NRxbThzycE5NB1EDunImdnGyjUsTJt2gWndGxgYOsKu4a7BWwi+o8sFdI"
    "G1QtjQ3wGI9Taw8AyBqeXR3w3XATaC5k/0xsCKXMvC7+nldGtGrmfg+8p79rDxHw9prnWP"
    "3AWD5Y9/ksMG1tGfyAn/XD1ocwOZegI1Q6cdsOOau16xY33sfmEN6U1PtZllekscNV6t3Y"
    "WFN60N7NKj9wgjG7qIdu/aHgUTe6YZgB7i699p1MS/xZiMjubQM6lKqLR/A9GxlqYNhmPt"
    "tjfWtFZGXaFEDOfg0MzCVNXkVh329Pf0Fn7qHJ18PPl0fHbyiTRht7k58vGHf+kIGF+QwT"
    "MYt36w89CFfguGcQSqr8EssES9Nh/ZSCKFLrntNLohls2Fdwn/1EyE790F+fPsZAuW37qj"
    "y1+6o7dnJ+/oBS3yOvov6SA402GnKNwRvDa6p3ckAG8kUQ284YEI38iA7Bzgo7MCAB+d5Q"
    "JMTyUBNgJMBRCOiZSCOBifzUT45EMBhE8+5CJMT2UQxt5yimzNIQYdcWzFGP2Za4WzsjJg"
    "vgXjce/vY9rz0nH+Y8axfXvd/TuDfbkOznwdDn4Om8d0cfl1eJGrA/bAgqM9LVqTBmSy2x"
    "FqS+g88AZ9EcQjWRkGfRLz404BzI87uZjTU0nM2f8COIft5cO2+vHMpuUadLP4XhGMXGOJ"
    "+BjH5VI464Hg+/CXw0N9mxnvX/dux93rm4Qtv+qOe/RMJ2HHw6Nv0xOXTSfge3/8C6B/gn"
    "8MBz2GpuW49za7YtRu/I8WvSfouZaGrScN6nFMwsPhoYSGH5FtkAcpo+SUqNLzQeh5uhYx"
    "likx+Wxmp4jN7OTbzE7GZs5sRLEo8UIlJSt4nxq3qiMPqA+xuQ5GxYG8YMEAzrxf1OU0f4"
    "j5R+iBKZw9PEFb1xJnouGho5kJic4IdE52gFwE0l9+GyGTNeIMhcAPeBX1dIBj4Uc4+sOj"
    "0ZiIwFrB9RJRgRcBdeP3IitIDnwkRoNAFTh9ywN1S3u6oR3JitUUurMFufbUcDUHuS7p8I"
    "WYXdAer2iHt35/MkFHDZrVsfJMXPbUsrNMH4EY3rNHotemVwqA6z0idqEMv+GfaG8jONBj"
    "aBWeZziGGAHHJcoAswXE9whYcwBBzAy3QWBmgGVvfjVctDwHTwurTX5Atw3mtrVsA5f9va"
    "Y/EIfzqPlaz7Mgf7R8soW29n/TDL31TyFy5MK4fy38yOdO5/j4Y+fD8dmn05OPH08/fdgQ"
    "JdlT2xiTi/7PlDRJzD6eZ1EiXRWdj0cSErr5q5+LR6+A0ChPiD0/2A8B6B2O9wh+YpcFaa"
    "xIQsLxXT3JQj8UGvvgiICclFJr+uftCFn4CaMcl1EYP48xefUtW9BW+AISmoo6Qgqgw7PF"
    "+SxsJLE7gFutepc4O6Ne6ZwvC/avt8MBH+ywfdrrZ8xc8D9gGk5ts47WX+YeZp9dMPUMky"
    "xhnff0sn/dgyooPttVkUa9nfTk0Q7SqlAO2Xyj82odsnV6NuKOWY5/I+W3zfdypF3FRaI5"
    "mRvwjRP4HJAO5giBuWUDCyNAXm3PhjTekuqWhl/SGEvD0n2XAzkAvBW5BoLkd8dBjkP9E7"
    "zQzrouU8TDQaNbg7VZ7AUlzf5ozTzbJl1pgWeF+T7ocXa75K8omGVzj1FQF7tFOmezg942"
    "0zf058ogI5NdRrlSGulKib0rxCSITCOzktIFqFYfdKMCVGsOULVjxENxiHPJCgUyD+TNZ0"
    "E0FjgjKCHc1XurNqiVDgzO70EKBex6kZqdFgm/AC+LDi6gAJnCgzeoiUcHc0SlGPJ1T1R8"
    "3ERjhJNSEgJd19jGbAICTUFakyssn9O8hoSDzDK2cLpBdgEs3zCvxZ4wz8IDeT7BEZ6Qkx"
    "Ds6ufn9zbUhQb1RkA+21H9UCaXIzcw9ZjnYwodpM0RZ725zYeV20WpoImm4b+XmImEG1LE"
    "wKTkJDQwRexLvnnJrv59xJCgIU9IKZSfQzly8Av6ZTOCEmJdvY8FEjxmQnPvSEJCgI86n4"
    "pMSjqf8mcl9FwK46XlkVGpeyW+mFlZFV9Y+ltpGhhxwvfzoyw2As0Is6DXkybMYkuAXA97"
    "S6aQPrlDuubMKOZlkXI7ehtaV73Lr91R7+p8w3tP8M1oeNm7ve0Pfj4HK9uakW8W0coEfx"
    "v2r2jLR8vQfX/d/tdTNLr2EWkPSOwDkZCqZGXVIG706KzIN5i02oIzh+ngRgNYlokgznMQ"
    "cAMCpkSmrjdgc2S31udiOPyasD4X/TRXcXd90SOgM8hJI8PN+QD4L1eZ3PW4oMpcb3TmOl"
    "GVJh69mhKTwSG0a3owtgKzEbFcTqlXLb8X9d41+b2LBb0JajwpqbTcZC2r4Oj8eaJcwdFx"
    "rXsrvaTWk5JK603ROudlzxQ/4ERHZ9co29gerryiesq6r2KB7Ekl5GogJiGT2/BFZYozSR"
    "9JgLPofrFsZNzj39A645Pil/gIC24fGLh5VT3IYRs+bTIY4oOKPDt5YuQvt0fE3oz6l+PW"
    "NiNSAbzFy/M0zGoUBZhvN3OwLlJDatORi5bV1Ebqk54kGuK1Fq65XECMkTmwXGNuzHLTvH"
    "jN2tvSvWa+APl6RxIF8756j8heAwOzupsg6AjEO2qDB7RyARmXbfBkuAtWaQY8IaAbun/A"
    "4CR6VdhvkcyuuQnv731nuY1myHgMUrtUzlUjc66C8SDCJcREmsz0lOQSqi+KEH/VuFPFLX"
    "WOs6IyOEHrjqhlpcWEo2mTUvLhXH2giuURvGi4pmBYUFpOuqr01Qd6UshsNKclucWxTghK"
    "B3b19oPMmGg0iQjMMREJP4p15Mb+G83cXE5wW4JsSlAZ6gI1xqJJuUA4Q0xKRTQIRDQsEP"
    "m08er45ge1xUSaEdYmVfWgqaVzoqXy4w7C9lJY8l1HHFDwNMf4P87cO3dNn5DZnVf8Q13m"
    "vJKd+9KQLmDn9EzkU5kSk+9DWcdmOQQy8sx4xiAR+15mhdVnU+Cz6ViePRNasUcSamwXqR"
    "6Zh3D+vCQu86KJScOw3vUMJO4Kz8C/PVojJarCNZoSrtHwCoYhJcuhtWJsbT6VFd+35Xn2"
    "6trCaA2WFhmo4K1lA9cCU+T//Q64C9vy7hessGBIQIWFBsl/S8tG8Q0WnCyJVX33L6xSuE"
    "l2iQVTBWUKDUV4NZjw2qvPumEKUQUGdwlw9U5URd7WX9Hez/UtmyOs8oPL2e94UdjoZgXG"
    "eUpMwrF+1NkGbpQW/3FLWvzH9HB/BQnAl6MeWRhcnYNgSjfB3e/d/rg/+Fm76f5+3RuMzw"
    "F8ggbdBy4M95vgu8Fvg+H3wTnw8AOZ7OMJvun2SSd0ujfBZBl4y7o0LYf2+KXb/0r/nkPD"
    "LJc43CnCAXXyOaBOTuVOa4WwWAxKWq7Jym2Mr2VlI4KbYLRPQkh5tJ5HmVwKO/52U4JQZy"
    "Vly4mvozokXdmWnA9xhFXSSdk5UehjyGhguycxJqYSOpuT45VN7aPTBs9GRHVipRPTcuob"
    "8rxVCzETr06QlZQB712HC6gU9ddg0VSKer6Bk4v9UinqMmud87JnUtRVSrRKia7/s1hBSn"
    "SRNN0FhTi9iV/5VN3UvoEHOSHJZuomdjNQ+cwFUPIzcl6I04h1IhNEO4iHYaMqPyYmHHTP"
    "xsVEifvPB8cMcSIA5Y0DHLKGR8CaAwiC/tpsj03DdQD9HBP0aIxLuMVmNiCmmi45QTB/tG"
    "JVIWJX8ANaEuEx8V0Xg6+3f51g03Q/HoYciofHJFrERHQyH6KlfVXgTEMDZxQTvm+vb/Cm"
    "iMUtJaWki1qqYYfDtIUqQ4VnzdzOWFNaNEDzrW5LTAUteu5meMvY8aiXCabH/OLY/mP5R2"
    "irsEWWHn85BV7DXqGBVsjsq8wrFIjJ4OWtnSvcQEZ948JERo64fMjXZ77E+YyspAx475rP"
    "CFGELlkfrFzOEi+fI+eIqmRI3jSolE85IajoouZ4kLPEQWZRWELVaXml8SZrXBGE+Qb0MK"
    "kiRRC+Rq0XIQizfsPi3iSOz1F5lMrHEZYrIl5B8fDXq4AtxO4+6jE3TRFF6d1ChZhzrE4F"
    "AIsRuYcKctbaClPpQpRemiDN50eHGI0t8qNClrSZs3s+SSrAewbPz6E8I2Ty2c4YUV20CI"
    "BDXktAFbxJzHcXKOQk3zjAesJhmv45y9HPMpcAumBJJh3k9AzlVQOo5TpFygJsyf2P2yTy"
    "0y8V4M1mCOmqDva+v7ztLezmnuurNkwlNRcGUHnrKm9dxql9MsKrFPNVBePVOAXUTHmJU1"
    "0vpLiaBvCuOa5DqxIQ+ohbYvhzSgXk7RR+e3d52euxzcI30710DAQvSmL45cvX/qBH5qfz"
    "eUhU7D9OIpjPiKVUJ4RUNnUS42yERKBwOndENsJihS+5wjKw9bvK9lSZtSqzVvavtKJU84"
    "f+YZJrilJ9jVovQqkmfIyCek/LqkCZ5iiaExqlONuGkOYuWpbXQiRcSRmkV+LBV9z57rhz"
    "EUqX/3ZkdRGytmKaKJgI3Kh3QlgVkUEooo8XZcLewkek39Cyji0OKxw7297GDDu0ncaqQx"
    "akh7tgRdpaGJB/END8/DcO2z+CcrKsO+B3B95OvBOEjifex/nxCf19Cife6ckHnfw8Pj19"
    "9x5cUYRoSqvhAMeau+eM/LWtpzDnNUMa7/TqE8x2EyVnXbj283DjRQTAA0IrKmPYPk1trd"
    "b0NgICm90apSrLVKr3x44im/c+Zcgnm40A9IwK8h1QMREpKIu6OSGCF/aWU/JWOAgGCYhF"
    "3U88WSlA37UHKgKSPbDgeE+L1qUCmViFCLYldB54w74I5JGsFMO+7nAW9r8A0GF7CcGtfk"
    "RjNmOCpuFytvDchnFCTAb+oG6kaTnsR6Q9ICGgk1Ky8b6fi3Drn/O59c8Zbj02Pc+gvN1P"
    "m5RUXtome2kfkW2QBymj5pSo0nOT9aw41nxDephsm+JYX6PWi3Csqq6tqmvbAMbgJXVthZ"
    "LxBFmFC+jOFldoari3yHX9J82QC9lG7W0cw5Q2J89I2muOL1CQa5h4Z52Pnyfe56PZnP5+"
    "dkx+To9R6NT/pB+zs/oR+fnps06OTKfs7BnyvflrBG1zDfyECD9lDNlgtrAcxHaXpW2mED"
    "+8cQC7TcBuk3rxrWwc777vZ4KJHTR0mvJmYMez6RsE6HvzHoxDzoGSGbQTOsDoL0sHmXPw"
    "FsbZCYO0or2QZfW7MuQEfQhFSzSUllD7tdZdf5BtpVeC/ckISgh3DaXwQtRKM0H5PUihgJ"
    "3XxgvhFKaDspKKDSpQhTNETZwM4ohKMeTr5oJ83EQZoaSUhEDXwHSG01jxUIqMpISAVz+y"
    "2dQ9A3Pu1DxsrhwfnBjiexuK5Z9tBOQjMqsfqar2wZ5D5A8tP1xcAa3u5bj/rXcOfPp7gr"
    "8N+yz7+9Ey9KaUu1eEPgfloyLmhrTKx/koY3B8pZfheuOCiultDvmjmF75OT/F9L5GrSum"
    "VzG9zfgsHizTO0Lk1meGabAY2ytjHhah4dYYzWnb3l51NC6l6RsxkQ0XN0JgitwnhDBjN4"
    "NCgm9YapaL/H0SLc8G9Jq27rBcrXCTxDebrROdnC0YK77IBE/wv8jU+1+UjPXHK1ljANvD"
    "RHTF5hEbstchSAMdrsGcjGMndii6J3hPhleb7uVFOsHoiVLB4mVOH8hhv5Tp1DBNTQ8Ohy"
    "UZFZ3bTDpXcN33kgVfw+BPrauLEIuk1ZaVdYZaVBVMa69gmrA12Zk3H+SE0LZJ9wECvgVg"
    "OmlOwceMNnd4Pu+CC2WbPE5bN93+lRZUVNR+6Y1652AFDV0Laitq5LOGJpi1ot10xxoZaY"
    "NB72vQjm5wCV0teC0nuHs9vBuMtev+7XV3fPnLeRBppS0NZ0njqcJNLzW6/BjekZZk8fF7"
    "uAWm9mQQrDzSnNYmn+BoK03t7oZM13rd6/PYnppa+PGf4FHvy90g/SRBMcXkswQt00+zqT"
    "6dfB6/Nbn++Hv/ctMlubT7ZMxKFZqs3lN/aI7ilrXyyQGRgTq86Q3OAZUkg+xuPNTI/H34"
    "9Rv1FrNFKFm3WuYjrQ866PWubrWb3uh2SCQwQrqj+UULqDpDobB9M5zMdMy7lJ0qUTc9Ll"
    "cTsSVT2fQ916hvmHN5V1vY7ny77UbjXH2UHrkUdijplLMbWD7WWUn58K4lKGxfBeSahvSe"
    "NgbILa69Df5t5bUV+oXRD6bHWtkYEb680kdZfZjWDJbXBk9a6aKsLsI1aWl15HSgNFJWI+"
    "iRZlvx9gb4lSwR+UqIy6Q9YMbMBf9jRe9qWyH/hXym2JQMTD3DJHNh5z297F8FV81VeMUo"
    "RgnGOZPDkE5XaCepZNpBOoeBrb49/i6S2zaciUvJME3dde5I6PXQpkKsRkpMBuTrXiBsIB"
    "MPekmJqoi25gS5qIg2+WObVETba9R6kYg22+M717Z6HLwct9pBh7Ttt0o9wTSrBOG4t2RQ"
    "1ciTeQvyaBQ2OAaOquDZ4LdAT4Wj3siTFwt3y8e8SJhXLC4lip5QMV3NjOlScUcq7mhPlr"
    "pg3NGhhXSUiDwa3Q0GbAdYYqEx2/71akj3cNVZoaXkpq+tEmO6+iCNTRSyRrcNdbLqyTXf"
    "HMndzQY/1GvLK0vnjkByFvBIxDhnJeXzUFUfMsDi8Xj1THKHcUxCDd/08E2lVxSENCWlYE"
    "3DmgjuEwA2I6egzfBitm1xEsjy+ZeNgAzmddfUC/lI2eVchklJ5TJsisuwiKN4bmDDWZRS"
    "e0pU0UDN8Qz7es54KPOdaLEBYXm8lJKLQOzLbyNkwhyKu0A26IG9+Xn+yx91eh27nm64Pe"
    "za6xbH3Rg7297mZ4S0nUYWHbZRNKH2+8ICuqGDpwV02+Qnwm3gWsGfNJn1abE+B+gR2Wug"
    "Q2cxtcizAj82tw0c4x7/ZGA/6xXTioIE2WxCbV0XKeIFtVZ08PlzhBi9ybJeyUeMSPpjme"
    "HI/jR05SVtqJc0rszCORIxmSZ7nxqTjeK/dyIQRxISAlxDYkTS7BTOikiK7TA5rrUToKv3"
    "+EcGXRzmF+SdNBnkOqLKltB+EFmzRxISwLvrNbvluTNLrAhxTGSXGbUPuxnR1ZMqdPqRxT"
    "c/MDtsr4Kyt4/2EkHZjuXZvCj5LcTLRkIC41K37VaRovnQy+UAFHAM1ennuIbYg+aIpTy2"
    "OJ6OxPn2Nl/HkrUMst8LOju6wC+68MYBNiKjzHGpG8LvglbQAg4xKwi4C+gyfwUtr0Wxbw"
    "NyH7b1iHQwXQNIDi+QHfSV9XbUchVWPyyq4BsrIwaeFoaJWJWw8HLkHK1Kcc6uRn/bnCG9"
    "+ZcXLxYWd54o90gj3SN7zAAvYL5l1QcHfxctyyshElbh2aVVobYKUFsFiM3hg08kCsdE8a"
    "jB3t/uerQg2DnY9DHB3Zub0dCvBRV81cPKXX6EIZsOsBjDUe/X3mUg/m80Y9KX3cFl7ysL"
    "N5xRhMzGRByqvQeyKFfvg98MJOGs2KSchP742sDWyngy05JSAL5rn6aOZmy7DLGxnpSSIf"
    "6r7oFOEXNYBpLwSOeIyoD4vka6uMMtKakir5oWeaUqgTVl5ZHLkOVbt5cyZA3DfddWTdEI"
    "+a+AXDSCKjghs9Y5H7dN5GsDyKNhGMnHIY6GsSi/fNIojAWsP/1eiCF5LfTIC9OE8okPuq"
    "GS6NbccRnp9kapYe1oOCsTroV3QE/LSeEgqd0jZZmlfeehbJOBbn3r9773Rufg0UBPyJ7g"
    "4U1v1B0PR2w7BWaiNx700caDbjfDA76CjvNkkY/ZAjoLkVchI9hkFZUN4j09LRLFe3qaH8"
    "ZLzyUR9ysuaDQRRDOwSC4zR1Il3XJKNT/QnWuwa3AK0GyfyqdllWOqOXP37JKNfIwpyKX8"
    "j0lRpecm69mEjhsavRK65ogrfTdZ38oBl/+xPExXjHLAvUatN9wBd4ls15gbM8hKdWZ8cP"
    "HT7W1uuFnUUGDfZ8NxPKSDmDCw5izEOQidDPZbJm1YiLPzHmyNmDbc9HqypstM2FJdd/x4"
    "bJO0TPROY7KDrtvAsYCf4A7Ybo7gnrSObQFdaptnFbndEI5yS/nPaDwI7kuXlZTOmVl9Yv"
    "Ajsn3MaETLjBgoEcS5wtKBXr3fjDrcuTER+dsORRISJSVU5rdR6R57zjFQodA7ic69FyxH"
    "EklI6GCvo4bwOo9tykmxDgV2mJ3hrx0OFuEDy4VZQroEEYS7dd39jeW2+NI0saV79TvNao"
    "H6eoJv7+j+570rmtPieDStFelNSWpx4Z/ko8gmGxoDRuR14ArXpaz9Wfbqqw/EgaNl3XjF"
    "dIvBHklLaPGr/6TGoXMQNHnA5wfL8qWlAH7XgbMbKEWjajKCUsC/A4OjTT3yPfIEsY5JSQ"
    "j0UedTkQ9q51P+F5WeS2Ltu1E13sw9f7eVhNCr3m0lZzuP/CJUebt47KkKFb2eNFWoXMuF"
    "pngtgYSYKiVQ2s+y0uc84DG01zkOLl8gBfl0HdBN0sQpXATjdzPYyVi/6A+6o9/5k5ILzn"
    "i/+H3c62YBp9vWdE7PRL6TSSkZ8qjqno+s/DW2wMD2BdTALjmwI7+DNl0L+8150ipNs6xV"
    "X0IdlQhdiYmpmLTmhKmomDT5o5NUTNpr1HrDY9K6yDZmixZv1xT/THvrjilRG5UNuuP5Rm"
    "3ZoI9kliZIGcdEJHTw1ZKURV8qAYSD5hKie/ShyA4hpFW++/RDZo8QckUXYc5HNN8DGBPZ"
    "vQ9wP5Piyrx9e/2Y/fh/3uJGvA=="
)
