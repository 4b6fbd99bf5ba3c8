"""The noise-type catalogue: what people type maps to one value."""
import pytest

from apps.noise.catalogue import NoiseType, noise_type_emoji, noise_type_label, noise_type_normalize


@pytest.mark.parametrize("typed, value", [
    ("loud_music", "loud_music"),
    ("Loud Music", "loud_music"),
    ("  loud-music ", "loud_music"),
    ("music", "loud_music"),
    ("Dog barking", "barking_dog"),
    ("HVAC", "mechanical"),
    ("construction", "construction"),
    ("karaoke", "karaoke"),  # unknown stays as typed, so the argument error can quote it
])
def test_noise_type_normalize(typed, value):
    assert noise_type_normalize(typed) == value


def test_every_noise_type_has_an_emoji_and_a_label():
    assert all(noise_type_emoji(value) != "" for value in NoiseType.values)
    assert noise_type_label("barking_dog") == "Barking dog"
    assert noise_type_label("karaoke") == "karaoke"
    assert noise_type_emoji("karaoke") == "🔊"
