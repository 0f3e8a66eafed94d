"""Helpers shared by the test modules (and by bench/): workbooks to mutate, fakes, emulators.

Test modules import from here, never from one another; fixtures live in ``tests/conftest.py``.
"""
