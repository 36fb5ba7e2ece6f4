"""Imported by fake_live.FakeLive.list_etfs, so tests can see which process loaded it."""
