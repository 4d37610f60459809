"""Speed measurements, each against a naive baseline measured in the same run."""
