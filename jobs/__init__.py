"""Jobs: validation checks, reports and the CLI; SLA, reminders and metrics follow."""
