"""The 整改清单: every retrospective's action across projects, open ones first (pure)."""
