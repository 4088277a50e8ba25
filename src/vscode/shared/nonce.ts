// A fresh nonce for a webview's Content-Security-Policy, from the Web Crypto API (present in Node.js
// and in the web worker host alike; node:crypto is not).
export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
