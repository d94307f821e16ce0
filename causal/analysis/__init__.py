"""The analysis layer: what a case's grades, attacks and hypotheses make of it (see case_analysis.py)."""
