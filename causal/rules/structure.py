"""(being written)"""

RULES = ()


def check(model):
    return ()
