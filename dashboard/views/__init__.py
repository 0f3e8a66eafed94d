"""Dashboard pages: each module is a Streamlit page file with a ``render(ctx)`` function."""
