/* marsad review page: accounts. Loaded before app.js and kept apart from it.
   A store without accounts is single-user: nothing here shows. With accounts, the page asks for a
   login (POST /api/login sets an HttpOnly, SameSite=Strict session cookie), every change it
   sends carries the session's CSRF token (X-CSRF-Token), and the reviewer is the logged-in user. */
(function () {
  "use strict";

  const auth = { mode: "single-user", user: null, role: null, csrf: null };
  window.marsadAuth = auth;

  // Every same-origin change carries the CSRF token of the session.
  const plainFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    init = Object.assign({}, init || {});
    const method = (init.method || "GET").toUpperCase();
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    if (auth.csrf && url.origin === location.origin && !["GET", "HEAD", "OPTIONS"].includes(method)) {
      const headers = new Headers(init.headers || {});
      headers.set("X-CSRF-Token", auth.csrf);
      init.headers = headers;
    }
    init.credentials = init.credentials || "same-origin";
    return plainFetch(input, init);
  };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function showLogin() {
    const message = el("p", { id: "login-message", class: "message", role: "status" });
    const form = el("form", { id: "login", class: "login", autocomplete: "on" },
      el("h2", {}, "مرصد marsad"),
      el("p", { class: "hint" }, "This store has accounts: log in to browse and review."),
      el("label", { for: "login-name" }, "Name"),
      el("input", { name: "name", id: "login-name", required: "", autocomplete: "username" }),
      el("label", { for: "login-password" }, "Password"),
      el("input", { name: "password", id: "login-password", type: "password", required: "",
        autocomplete: "current-password" }),
      el("button", { type: "submit", id: "login-submit" }, "Log in"), message);
    const overlay = el("div", { id: "login-overlay", class: "login-overlay", role: "dialog", "aria-modal": "true" }, form);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      message.textContent = "Logging in…";
      const response = await plainFetch("/api/login", {
        method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
        body: JSON.stringify({ name: form.elements.name.value, password: form.elements.password.value }),
      });
      if (response.ok) { location.reload(); return; }
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (err) { /* not JSON */ }
      message.className = "message error";
      message.textContent = typeof detail === "string" ? detail : "cannot log in";
    });
    document.body.append(overlay);
    form.elements.name.focus();
  }

  function holdReviewer() {
    const input = document.getElementById("r-reviewer");
    if (!input || !auth.user) return;
    input.value = auth.user;
    input.readOnly = true;
    input.title = "You review as the logged-in user";
    if (auth.role === "viewer") {
      for (const b of document.querySelectorAll("#review button[data-action]")) b.disabled = true;
    }
  }

  function showUser() {
    const logout = el("button", { type: "button", id: "logout" }, "Log out");
    logout.addEventListener("click", async () => {
      await window.fetch("/api/logout", { method: "POST" });
      location.reload();
    });
    const bar = el("span", { id: "account", class: "account", "data-user": auth.user },
      `${auth.user} (${auth.role}) `, logout);
    const header = document.querySelector("header.topbar") || document.body;
    header.append(bar);
    holdReviewer();
  }

  document.addEventListener("marsad:detail", holdReviewer);

  async function start() {
    const response = await plainFetch("/api/session", { credentials: "same-origin" });
    if (!response.ok) return;
    Object.assign(auth, await response.json());
    document.body.dataset.auth = auth.mode;
    if (auth.mode !== "accounts") return;
    if (!auth.user) showLogin();
    else showUser();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => { start(); });
  else start();
})();
