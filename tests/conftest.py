from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a heavy test (a property with many examples, a 100k-item case, a race run in a loop); CI runs it; quick runs leave it out with -m \"not slow\"")
