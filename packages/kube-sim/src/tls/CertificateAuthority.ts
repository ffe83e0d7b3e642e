import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKeyPem: privateKey,
  };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // positive
  return bytes.toString('hex');
}

/**
 * A throw-away certificate authority: generated at start, never written to
 * disk except inside the kubeconfig (as `certificate-authority-data`).
 */
export class CertificateAuthority {
  private constructor(
    readonly certPem: string,
    private readonly cert: forge.pki.Certificate,
    private readonly key: forge.pki.rsa.PrivateKey,
  ) {}

  static create(commonName = 'kube-sim-ca'): CertificateAuthority {
    const keys = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    const attrs = [{ name: 'commonName', value: commonName }];
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    return new CertificateAuthority(
      forge.pki.certificateToPem(cert),
      cert,
      keys.privateKey,
    );
  }

  /** Base64 of the PEM, as kubeconfig's `certificate-authority-data`. */
  get caData(): string {
    return Buffer.from(this.certPem).toString('base64');
  }

  /** A server certificate for the given DNS names and IP addresses. */
  issueServerCertificate(hosts: string[]): ServerCertificate {
    const keys = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
    cert.setIssuer(this.cert.subject.attributes);
    const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      {
        name: 'keyUsage',
        digitalSignature: true,
        keyEncipherment: true,
        critical: true,
      },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map(h =>
          isIp(h) ? { type: 7, ip: h } : { type: 2, value: h },
        ),
      },
      {
        name: 'authorityKeyIdentifier',
        keyIdentifier: this.cert.generateSubjectKeyIdentifier().getBytes(),
      },
    ]);
    cert.sign(this.key, forge.md.sha256.create());
    return {
      certPem: forge.pki.certificateToPem(cert),
      keyPem: keys.privateKeyPem,
    };
  }
}
