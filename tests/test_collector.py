"""The cycle collector is held off while jobs edit, and comes back as it was when the last one ends."""

from __future__ import annotations

import gc
import threading

from workprint.engine.jobs import collector


def test_held_off_until_the_last_job_ends_then_as_it_was():
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector.held_off():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with collector.held_off():
        second_in.set()
        first_out.wait(5)
        seen.append(gc.isenabled())  # the first job is done, this one still holds it off
    worker.join()
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    try:
        with collector.held_off():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
