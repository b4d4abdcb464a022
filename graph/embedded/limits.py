"""Where the embedded store stops being the right tool, as measured (``python -m bench.scale``).

Plain numbers, no imports: ``chainmap check`` and the app's sidebar read them without opening a store.
"""

# Past this many firms the embedded store still answers, but opening the folder and whole-chain analyses
# grow with the data: ``chainmap check`` and the app say so and point to Neo4j (``graph.words``
# key ``embedded_limit``).
EMBEDDED_FIRM_LIMIT = 200_000
# The figures behind the limit (``python -m bench.scale --sizes 100k``, CPU seconds on this 2-core machine).
MEASURED = {"m_firms": 100_000, "m_links": 500_000, "m_open_s": 8, "m_mb": 830}  # bench.scale, 2026-12-02


def beyond_embedded(firms: int) -> bool:
    """Whether a dataset of ``firms`` firms is past what the embedded store handles well."""
    return firms > EMBEDDED_FIRM_LIMIT
