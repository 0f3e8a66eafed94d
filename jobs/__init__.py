"""Jobs: validation checks, reports and the CLI (SLA, reminders, metrics and the scheduler follow)."""
