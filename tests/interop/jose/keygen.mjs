// Generates an Ed25519 key pair with jose and exports it in every form Libsql.Auth reads, so that the .NET side can
// check it parses keys made by another implementation. Prints {"privateKeyPem", "publicKeyPem", "x"}.
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const jwk = await exportJWK(publicKey);
process.stdout.write(JSON.stringify({
  privateKeyPem: await exportPKCS8(privateKey),
  publicKeyPem: await exportSPKI(publicKey),
  x: jwk.x,
}));
