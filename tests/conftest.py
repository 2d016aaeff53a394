"""Test-wide set-up."""
import os
import tempfile

# Keep the caches of a test run (the bundled default gazetteer, prepared gazetteers) out of the
# user's cache folder: tests build gazetteers in temporary folders that would otherwise pile up.
if "MARSAD_CACHE_DIR" not in os.environ:
    os.environ["MARSAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="marsad-test-cache-")
