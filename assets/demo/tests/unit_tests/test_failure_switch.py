"""A test that fails on request, so a test run's failure path can be seen on a
real stack: ``DEMO_FAIL=1`` makes it fail, anything else lets it pass."""

import os


def test_fails_when_demo_fail_is_set():
    assert os.environ.get("DEMO_FAIL") != "1", "DEMO_FAIL=1 asks this test to fail"
