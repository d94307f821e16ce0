"""`python -m causal`: the same as the `causal` command."""

from causal.cli.entry import main

if __name__ == "__main__":
    main()
