"""What the claims imply and whether they can all be true: per-container figures, counts
over time and their rates, the verdict on pairs of claims, mixes of calibres, physical
plausibility and pooling. Core: results are facts (numbers, claims, dates, kinds), never
prose; the views write them in words."""
