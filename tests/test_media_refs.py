"""From a clip to its media: every way hosts write references."""

from __future__ import annotations

import opentimelineio as otio

from otio_samples import RT, TR, media_clip
from workprint.engine.timeline.media import MediaSource, Unresolved, media_time_offset, resolve_media
from workprint.engine.timeline.places import iter_clip_places


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")
    return path


def test_file_url_bare_path_and_relative_path(tmp_path):
    media = touch(tmp_path / "day 1" / "A001_C001.mov")
    encoded = media.as_uri()
    assert "%20" in encoded
    unencoded = otio.url_utils.url_from_filepath(str(media))  # OTIO leaves the space as it is
    for target, base in ((encoded, None), (unencoded, None), (str(media), None), ("day 1/A001_C001.mov", tmp_path)):
        outcome, note = resolve_media(media_clip("c", target, 0, 24), base)
        assert isinstance(outcome, MediaSource) and outcome.path == media and note == ""


def test_missing_and_non_file_media_are_explained(tmp_path):
    outcome, _ = resolve_media(media_clip("c", str(tmp_path / "gone.mov"), 0, 24), None)
    assert isinstance(outcome, Unresolved) and outcome.code == "media-missing" and "gone.mov" in outcome.message
    outcome, _ = resolve_media(media_clip("c", "https://example.invalid/a.mov", 0, 24), None)
    assert isinstance(outcome, Unresolved) and outcome.code == "media-unsupported"
    offline = otio.schema.Clip(name="c", media_reference=otio.schema.MissingReference())
    assert resolve_media(offline, None)[0].code == "media-missing"
    title = otio.schema.Clip(name="t", media_reference=otio.schema.GeneratorReference(generator_kind="Text"))
    assert resolve_media(title, None)[0].code == "not-media"


def test_image_sequence(tmp_path):
    for frame in range(1001, 1004):
        touch(tmp_path / "plate" / f"shot.{frame:04d}.exr")
    ref = otio.schema.ImageSequenceReference(
        target_url_base=otio.url_utils.url_from_filepath(str(tmp_path / "plate")) + "/",
        name_prefix="shot.",
        name_suffix=".exr",
        start_frame=1001,
        frame_zero_padding=4,
        rate=24,
        available_range=TR(RT(0, 24), RT(3, 24)),
    )
    outcome, _ = resolve_media(otio.schema.Clip(name="plate", media_reference=ref), None)
    assert isinstance(outcome, MediaSource)
    assert outcome.path.name == "shot.1001.exr" and outcome.sequence_pattern.endswith("shot.%04d.exr")


def test_several_references_active_first_then_another(tmp_path):
    proxy = touch(tmp_path / "proxy.mov")
    clip = otio.schema.Clip(name="c", source_range=TR(RT(0, 24), RT(24, 24)))
    clip.set_media_references(
        {
            "DEFAULT_MEDIA": otio.schema.ExternalReference(target_url=str(tmp_path / "camera.mov")),
            "proxy": otio.schema.ExternalReference(target_url=str(proxy)),
        },
        "DEFAULT_MEDIA",
    )
    outcome, note = resolve_media(clip, None)
    assert outcome.path == proxy and outcome.reference_key == "proxy" and "proxy" in note
    touch(tmp_path / "camera.mov")
    outcome, note = resolve_media(clip, None)
    assert outcome.reference_key == "DEFAULT_MEDIA" and note == ""


def test_timecode_absolute_ranges_are_measured_from_the_media_start():
    # Media starting at 01:00:00:00 at 24 fps: Resolve writes ranges from 86400.
    clip = media_clip("c", "/m.mov", 86400 + 48, 24, available=(86400, 2400))
    assert media_time_offset(clip) == RT(48, 24)
    assert media_time_offset(otio.schema.Clip(name="bare")) is None


def test_clip_places_name_tracks_like_an_editor():
    from otio_samples import rich_timeline

    places = {p.location: p.name for p in iter_clip_places(rich_timeline().tracks)}
    assert places == {
        "V1 #1": "A001_C001",
        "V1 #3": "A001_C002",
        "V1 #5 › V1 #1": "B002_C004",
        "V1 #6": "Title",
        "A1 #1": "A001_C001",
        "A2 #1": "score",
    }
