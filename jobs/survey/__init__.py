"""Survey rounds (pure): signed personal links, the ``_survey_rounds`` tab, invitations and
reminders, answers that supersede earlier ones, and the response rate per department."""
