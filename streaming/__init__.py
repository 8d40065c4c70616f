"""Real-time media plumbing: value types, stage contracts, segmentation, pacing and the session pipeline."""
