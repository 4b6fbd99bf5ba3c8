"""Key material: shape, uniqueness, hashing."""
import hashlib

from apps.accounts.keys import key_digest, key_generate, key_visible_prefix, key_well_formed


def test_generated_keys_are_well_formed_and_distinct():
    keys = {key_generate() for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        assert key.startswith("cmk_")
        assert len(key) == 47
        assert key_well_formed(key)


def test_digest_is_the_sha256_hex_of_the_key():
    key = key_generate()
    assert key_digest(key) == hashlib.sha256(key.encode()).hexdigest()
    assert len(key_digest(key)) == 64


def test_visible_prefix_is_the_scheme_and_eight_characters():
    key = "cmk_" + "A" * 43
    assert key_visible_prefix(key) == "cmk_AAAAAAAA"


def test_malformed_keys_are_recognised_without_a_lookup():
    good = key_generate()
    for bad in ["", "cmk_", good[:-1], good + "x", "sk_" + good[4:], good.replace("cmk_", "CMK_"),
                good[:-1] + "!", "cmk_" + "a" * 42 + " "]:
        assert not key_well_formed(bad), bad
