# Installed as the package `causal.grammar`, so the grammar ships inside the wheel.
