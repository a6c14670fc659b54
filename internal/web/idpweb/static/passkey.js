// Passkey login on the provider's login page (WebAuthn). The form
// #passkey carries the pending request's id and CSRF token; this script
// asks the server for the ceremony's options, lets the browser sign the
// challenge with a passkey, and posts the answer with the form. Every
// text it shows is in the page (data-state); it adds none of its own.
"use strict";
(function () {
  const form = document.getElementById("passkey");
  if (!form) return;
  const start = document.getElementById("passkey-start");
  const show = (state, reason) => {
    for (const el of form.querySelectorAll("[data-state]")) el.hidden = el.dataset.state !== state;
    const r = form.querySelector(".reason");
    if (r) r.textContent = reason || "";
  };
  form.hidden = false;
  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) {
    start.hidden = true;
    show("unsupported");
    return;
  }

  const fromB64u = (s) => {
    const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(b, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  // requestOptions turns the server's JSON (base64url strings) into the
  // binary options navigator.credentials.get takes.
  const requestOptions = (o) => {
    const pk = Object.assign({}, o.publicKey, { challenge: fromB64u(o.publicKey.challenge) });
    if (pk.allowCredentials) {
      pk.allowCredentials = pk.allowCredentials.map((c) => Object.assign({}, c, { id: fromB64u(c.id) }));
    }
    return { publicKey: pk };
  };
  // assertionJSON is the browser's answer as the server parses it.
  const assertionJSON = (c) => JSON.stringify({
    id: c.id, rawId: toB64u(c.rawId), type: c.type,
    authenticatorAttachment: c.authenticatorAttachment || undefined,
    clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
    response: {
      clientDataJSON: toB64u(c.response.clientDataJSON),
      authenticatorData: toB64u(c.response.authenticatorData),
      signature: toB64u(c.response.signature),
      userHandle: c.response.userHandle ? toB64u(c.response.userHandle) : undefined,
    },
  });

  start.addEventListener("click", async () => {
    start.disabled = true;
    show("waiting");
    let options;
    try {
      const body = new URLSearchParams({ id: form.elements.id.value, csrf: form.elements.csrf.value });
      const res = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
      options = await res.json();
      if (!res.ok) throw new Error(options.error || res.statusText);
    } catch (e) {
      show("failed", e.message);
      start.disabled = false;
      return;
    }
    try {
      const cred = await navigator.credentials.get(requestOptions(options.options));
      form.elements.ceremony.value = options.ceremony_id;
      form.elements.credential.value = assertionJSON(cred);
      form.submit();
    } catch (e) {
      show("refused");
      start.disabled = false;
    }
  });
})();
