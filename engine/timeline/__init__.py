"""Reading timelines: OTIO JSON, clip places, media behind clips."""
