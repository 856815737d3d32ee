// Mints tokens with jose from a PKCS#8 PEM private key the .NET test passes in, one per claims object, so that
// Libsql.Auth can be checked against an independent signer. Prints a JSON array of tokens.
// Input on stdin: {"privateKeyPem": "-----BEGIN PRIVATE KEY-----...", "claims": [{...}, ...]}
import { importPKCS8, SignJWT } from 'jose';
import { readRequest } from './read-stdin.mjs';

const { privateKeyPem, claims } = await readRequest();
const key = await importPKCS8(privateKeyPem, 'EdDSA');
const tokens = [];
for (const payload of claims) {
  tokens.push(await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(key));
}
process.stdout.write(JSON.stringify(tokens));
