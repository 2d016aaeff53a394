"""The web surface: the REST API (:mod:`marsad.web.api`) and the review page it serves (the static
``index.html``, ``app.js``, ``app.css`` and ``vendor/`` files of this folder)."""
