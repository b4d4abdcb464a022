"""The industry-chain graph: model, store contract and backends, analyses, rendering."""
