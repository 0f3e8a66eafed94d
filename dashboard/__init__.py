"""The manager dashboard (Streamlit): read-only views of the workbook and the bot tabs."""
