"""Where the embedded store stops being the right tool, as measured (``python -m bench.scale``).

Plain numbers, no imports: ``chainmap check`` and the app's sidebar read them without opening a store.
"""

# Past this many firms the embedded store still answers, but opening the folder and whole-chain analyses
# grow with the data: ``chainmap check`` and the app say so and point to Neo4j (``graph.words``
# key ``embedded_limit``).
EMBEDDED_FIRM_LIMIT = 200_000
# The figures behind the limit, shown in the message.
EMBEDDED_MEASURED = "100,000 firms / 500,000 links: open ≈ 10 s, ≈ 1 GB"


def beyond_embedded(firms: int) -> bool:
    """Whether a dataset of ``firms`` firms is past what the embedded store handles well."""
    return firms > EMBEDDED_FIRM_LIMIT
