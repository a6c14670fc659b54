// Registers a passkey (WebAuthn) from the portal's passkeys page. The form
// #passkey-add carries the CSRF token and the device name; this script
// asks the server for the registration options, lets the browser make the
// passkey, and posts the browser's answer with the form. Every text it
// shows is in the page (data-state); it adds none of its own.
"use strict";
(function () {
  const form = document.getElementById("passkey-add");
  if (!form) return;
  const button = document.getElementById("passkey-register");
  const show = (state, reason) => {
    for (const el of form.querySelectorAll("[data-state]")) el.hidden = el.dataset.state !== state;
    const r = form.querySelector(".reason");
    if (r) r.textContent = reason || "";
  };
  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) {
    button.disabled = true;
    show("unsupported");
    return;
  }

  const fromB64u = (s) => {
    const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(b, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  // creationOptions turns the server's JSON (base64url strings) into the
  // binary options navigator.credentials.create takes.
  const creationOptions = (o) => {
    const pk = Object.assign({}, o.publicKey, {
      challenge: fromB64u(o.publicKey.challenge),
      user: Object.assign({}, o.publicKey.user, { id: fromB64u(o.publicKey.user.id) }),
    });
    if (pk.excludeCredentials) {
      pk.excludeCredentials = pk.excludeCredentials.map((c) => Object.assign({}, c, { id: fromB64u(c.id) }));
    }
    return { publicKey: pk };
  };
  // attestationJSON is the browser's answer as the server parses it.
  const attestationJSON = (c) => JSON.stringify({
    id: c.id, rawId: toB64u(c.rawId), type: c.type,
    authenticatorAttachment: c.authenticatorAttachment || undefined,
    clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
    response: {
      clientDataJSON: toB64u(c.response.clientDataJSON),
      attestationObject: toB64u(c.response.attestationObject),
      transports: c.response.getTransports ? c.response.getTransports() : undefined,
    },
  });

  let answered = false;
  form.addEventListener("submit", async (ev) => {
    if (answered) return; // the second submit posts the answer
    ev.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    show("waiting");
    let options;
    try {
      const body = new URLSearchParams({ _csrf: form.elements._csrf.value });
      const res = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
      options = await res.json();
      if (res.status === 401 && options.login) {
        // The login is too old to change passkeys: log in again, back here.
        show("reauth");
        window.location.assign(options.login);
        return;
      }
      if (!res.ok) throw new Error(options.error || res.statusText);
    } catch (e) {
      show("failed", e.message);
      button.disabled = false;
      return;
    }
    try {
      const cred = await navigator.credentials.create(creationOptions(options.options));
      form.elements.ceremony.value = options.ceremony_id;
      form.elements.credential.value = attestationJSON(cred);
      answered = true;
      form.submit();
    } catch (e) {
      show("refused");
      button.disabled = false;
    }
  });
})();
