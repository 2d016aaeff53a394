"""Inputs and outputs: readers of articles (:mod:`marsad.io.ingest`: text, HTML, JSONL;
:mod:`marsad.io.sources`: feeds, WARC, gzip'd JSONL, standard input, read tasks) and writers of
event records (:mod:`marsad.io.output`: CSV, JSONL, GeoJSON)."""
