from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a heavier property test (still run by default; deselect with -m 'not slow')")
