"""The kinds of identity document a payer may be registered with (证件类型), and their names."""

ID_TYPES: dict[str, str] = {
    "resident_id_card": "居民身份证",
    "hk_mo_tw_residence_permit": "港澳台居民居住证",
    "hk_mo_travel_permit": "港澳居民来往内地通行证",
    "tw_travel_permit": "台湾居民来往大陆通行证",
    "foreign_permanent_residence": "外国人永久居留身份证",
    "passport": "护照",
}
