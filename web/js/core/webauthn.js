// Passkeys (WebAuthn) in the browser: base64url ↔ ArrayBuffer, and the step
// between the server's options JSON (binary fields as base64url, see PROTOCOL.md
// "Second factor and passkeys") and navigator.credentials, both ways. The login
// page and the Beveiliging page use it; nothing else touches WebAuthn.

/** True when this browser can use passkeys at all. */
export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && Boolean(navigator.credentials);
}

/** An ArrayBuffer (or view) as base64url without padding. */
export function toBase64url(buffer) {
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (with or without padding) as an ArrayBuffer; throws on other text. */
export function fromBase64url(text) {
  const base64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

const withIds = (list) => (list || []).map((c) => ({ ...c, id: fromBase64url(c.id) }));

/**
 * Creates a passkey from the server's PublicKeyCredentialCreationOptions JSON
 * and returns the credential as JSON for mfa.passkey.finish.
 */
export async function createPasskey(options) {
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge),
    user: { ...options.user, id: fromBase64url(options.user.id) },
    excludeCredentials: withIds(options.excludeCredentials),
  };
  const cred = await navigator.credentials.create({ publicKey });
  return {
    id: cred.id,
    rawId: toBase64url(cred.rawId),
    type: cred.type,
    response: {
      clientDataJSON: toBase64url(cred.response.clientDataJSON),
      attestationObject: toBase64url(cred.response.attestationObject),
    },
  };
}

/**
 * Signs in with a passkey from the server's PublicKeyCredentialRequestOptions
 * JSON and returns the assertion as JSON for POST /api/passkey/login.
 */
export async function getPasskey(options) {
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge),
    allowCredentials: withIds(options.allowCredentials),
  };
  const cred = await navigator.credentials.get({ publicKey });
  const { response } = cred;
  return {
    id: cred.id,
    rawId: toBase64url(cred.rawId),
    type: cred.type,
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
    },
  };
}

/** A Dutch text for a failed navigator.credentials call (a DOMException). */
export function passkeyErrorText(err) {
  if (err && err.name === 'NotAllowedError') return 'De passkey is niet gebruikt: de vraag werd afgebroken of duurde te lang. Probeer het opnieuw.';
  if (err && err.name === 'InvalidStateError') return 'Deze passkey is al toegevoegd aan je account.';
  if (err && err.name === 'SecurityError') return 'Passkeys werken hier niet: het adres van deze pagina past niet bij de server.';
  if (err && err.name === 'NotSupportedError') return 'Dit apparaat ondersteunt geen passkeys die Kennislab kan gebruiken.';
  return 'De passkey werkte niet. Probeer het opnieuw.';
}
