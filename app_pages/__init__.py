"""Pages of the Streamlit app. Each page is one function; they call graph/ only."""
