// Verifies a token minted by Libsql.Auth with jose, using the exported public key in both forms sqld accepts:
// the raw base64url key (as an OKP JWK) and the SPKI PEM. Prints {"raw": payload, "pem": payload}; exits 1 on failure.
// Input on stdin: {"token": "...", "rawKey": "<43 chars>", "pemKey": "-----BEGIN PUBLIC KEY-----..."}
import { importJWK, importSPKI, jwtVerify } from 'jose';
import { readRequest } from './read-stdin.mjs';

const { token, rawKey, pemKey } = await readRequest();
const options = { algorithms: ['EdDSA'] };
try {
  const fromRaw = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: rawKey }, 'EdDSA');
  const fromPem = await importSPKI(pemKey, 'EdDSA');
  const raw = await jwtVerify(token, fromRaw, options);
  const pem = await jwtVerify(token, fromPem, options);
  process.stdout.write(JSON.stringify({ header: raw.protectedHeader, raw: raw.payload, pem: pem.payload }));
} catch (error) {
  process.stderr.write(`jose rejected the token: ${error.code ?? ''} ${error.message}\n`);
  process.exit(1);
}
