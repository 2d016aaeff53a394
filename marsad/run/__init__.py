"""Runners: code inputs to an output file in one process (:mod:`marsad.run.runner`), in worker
processes (:mod:`marsad.run.parallel`) or on a Dask cluster (:mod:`marsad.run.cluster`)."""
