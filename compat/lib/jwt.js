'use strict';

const crypto = require('node:crypto');

// Connection tokens are minted here rather than with a JWT library: HS256 is one HMAC
// over two base64url segments, and keeping it visible lets a test forge exactly the
// broken token it needs (wrong key, expired) without fighting a library's safety checks.

function base64url(json) {
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

function signHs256(claims, secret) {
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  const signature = crypto.createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * A connection token for `user`. `expiresInSeconds` may be negative to get a token the
 * hub must answer with error 109; `info` becomes the token's `info` claim (conn_info).
 */
function connectionToken(user, secret, { expiresInSeconds = 3600, info } = {}) {
  const claims = { sub: user, exp: Math.floor(Date.now() / 1000) + expiresInSeconds };
  if (info !== undefined) {
    claims.info = info;
  }
  return signHs256(claims, secret);
}

module.exports = { signHs256, connectionToken };
