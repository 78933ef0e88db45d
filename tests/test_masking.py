from kislearn.masking import mask_headers, mask_key, mask_secret, mask_token

KEY = "PSabcdefghijklmnopqrstuvwxyz01234567"[:36]
SECRET = "s" * 179 + "Z"
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ0b2tlbiJ9.signaturepart"


def test_key_shows_only_its_ends():
    masked = mask_key(KEY)
    assert KEY not in masked and masked.startswith("PSab") and "36자" in masked


def test_secret_shows_nothing_of_itself():
    assert "s" not in mask_secret(SECRET).replace("자", "") and "180" in mask_secret(SECRET)


def test_token_shows_only_the_jwt_header_start():
    masked = mask_token("Bearer " + TOKEN)
    assert TOKEN not in masked and "signature" not in masked and masked.startswith("eyJ0eXAi")


def test_headers():
    masked = mask_headers({"appkey": KEY, "appSecret": SECRET, "authorization": "Bearer " + TOKEN, "tr_id": "X"})
    assert KEY not in str(masked) and SECRET not in str(masked) and TOKEN not in str(masked)
    assert masked["tr_id"] == "X"
    assert masked["authorization"].startswith("Bearer eyJ0eXAi")
