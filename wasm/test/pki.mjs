// A small Vietnamese-shaped test PKI made with the OpenSSL CLI in a temporary directory for
// each test run (fixtures are generated, never checked in): root → sub-CA → signers with
// Vietnamese names and UID identities (CCCD, MST), CRLs for both CAs, and OpenSSL-made CMS
// signatures. OpenSSL is a required peer: if it is missing the tests fail, they do not skip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENSSL = process.env.OPENSSL ?? '/usr/bin/openssl';

export function openssl(args, options = {}) {
  return execFileSync(OPENSSL, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
}

/** The URL the signers' CRL distribution point names (answered by the tests' fetcher, never fetched). */
export const SUB_CRL_URL = 'http://crl.kyso.test/sub-ca.crl';
export const ROOT_CRL_URL = 'http://crl.kyso.test/root-ca.crl';

export class TestPki {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'kyso-wasm-pki-'));
    this.serial = 1;
    this.root = this.ca('root', '/C=VN/O=Kyso Thử nghiệm/CN=Kyso Test Root CA', null);
    this.sub = this.ca('sub', '/C=VN/O=Kyso Thử nghiệm/CN=Kyso Test Sub CA', this.root);
    this.person = this.leaf('person', '/C=VN/ST=Hà Nội/O=UBND Thành phố Thử Nghiệm/title=Chánh Văn phòng/UID=CCCD:001085012345/CN=Nguyễn Văn An', 'rsa');
    this.agency = this.leaf('agency', '/C=VN/ST=Đà Nẵng/UID=MST:0100686209/O=Sở Thông tin và Truyền thông Thử Nghiệm/CN=Sở Thông tin và Truyền thông Thử Nghiệm', 'ec');
    this.rootCrl = this.crl(this.root);
    this.subCrl = this.crl(this.sub);
  }

  path(name) {
    return join(this.dir, name);
  }

  read(name) {
    return readFileSync(this.path(name));
  }

  text(name) {
    return readFileSync(this.path(name), 'utf8');
  }

  write(name, data) {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  key(name, kind) {
    const out = this.path(`${name}.key`);
    if (kind === 'ec') openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out]);
    else if (kind === 'ec-p521') openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', out]);
    else if (kind === 'dsa') {
      const params = this.path(`${name}.params`);
      openssl(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:2048', '-out', params]);
      openssl(['genpkey', '-paramfile', params, '-out', out]);
    } else openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', out]);
    return out;
  }

  ext(name, body) {
    return this.write(`${name}.ext`, `[v3]\n${body}\n`);
  }

  /** Issue a certificate for `name` with `subject`; self-signed when `issuer` is null. */
  issue(name, subject, issuer, extensions, { pubkey } = {}) {
    const ext = this.ext(name, extensions);
    const out = this.path(`${name}.pem`);
    const serial = String(this.serial++ + 4096);
    if (pubkey) {
      openssl(['x509', '-new', '-utf8', '-subj', subject, '-force_pubkey', pubkey, '-CA', issuer.cert, '-CAkey', issuer.key,
        '-set_serial', serial, '-days', '365', '-sha256', '-extfile', ext, '-extensions', 'v3', '-out', out]);
      return out;
    }
    const csr = this.path(`${name}.csr`);
    openssl(['req', '-new', '-utf8', '-key', this.path(`${name}.key`), '-subj', subject, '-out', csr]);
    const signer = issuer ? ['-CA', issuer.cert, '-CAkey', issuer.key] : ['-signkey', this.path(`${name}.key`)];
    openssl(['x509', '-req', '-in', csr, ...signer, '-set_serial', serial, '-days', '365', '-sha256',
      '-extfile', ext, '-extensions', 'v3', '-out', out]);
    return out;
  }

  ca(name, subject, issuer) {
    const key = this.key(name, 'rsa');
    const cdp = issuer ? `crlDistributionPoints=URI:${ROOT_CRL_URL}\nauthorityKeyIdentifier=keyid\n` : '';
    const cert = this.issue(name, subject, issuer,
      `basicConstraints=critical,CA:TRUE${issuer ? ',pathlen:0' : ''}\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n${cdp}`);
    this.write(`${name}.index`, '');
    this.write(`${name}.crlnumber`, '1000\n');
    this.write(`${name}.cnf`, [
      '[ca]', 'default_ca = this', '[this]',
      `database = ${this.path(`${name}.index`)}`, `crlnumber = ${this.path(`${name}.crlnumber`)}`,
      'default_md = sha256', 'default_crl_days = 30', 'crl_extensions = crl_ext',
      '[crl_ext]', 'authorityKeyIdentifier=keyid',
    ].join('\n'));
    return { name, key, cert, pem: readFileSync(cert, 'utf8') };
  }

  leaf(name, subject, kind, options = {}) {
    const key = options.pubkey ? null : this.key(name, kind);
    const cert = this.issue(name, subject, this.sub,
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' +
      `subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:${SUB_CRL_URL}`,
      options);
    return { name, key, cert, pem: readFileSync(cert, 'utf8') };
  }

  crl(ca) {
    const out = this.path(`${ca.name}.crl`);
    openssl(['ca', '-config', this.path(`${ca.name}.cnf`), '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', out]);
    return openssl(['crl', '-in', out, '-outform', 'DER']);
  }

  /** CMS SignedData by OpenSSL over the file `contentPath` (DER). */
  sign(signer, contentPath, { attached = false, cades = true, md = 'sha256' } = {}) {
    const out = this.path(`${signer.name}-${Math.random().toString(36).slice(2)}.p7s`);
    openssl(['cms', '-sign', '-binary', '-in', contentPath, '-signer', signer.cert, '-inkey', signer.key,
      '-certfile', this.sub.cert, '-md', md, ...(cades ? ['-cades'] : []), ...(attached ? ['-nodetach'] : []),
      '-outform', 'DER', '-out', out]);
    return readFileSync(out);
  }

  /**
   * A signed PDF (issue 11): written byte by byte and signed by `openssl cms -sign` over its
   * ByteRange by scripts/make-signed-pdf.py (python3 is a required peer, like OpenSSL). With
   * `update: 'annotation'` an incremental update after the signature adds a text annotation.
   */
  signPdf(signer, { update = 'none' } = {}) {
    const out = this.path(`${signer.name}-${Math.random().toString(36).slice(2)}.pdf`);
    const script = fileURLToPath(new URL('../../scripts/make-signed-pdf.py', import.meta.url));
    execFileSync(process.env.PYTHON ?? 'python3', [script, signer.key, signer.cert, out,
      '--chain', this.sub.cert, '--update', update, '--openssl', OPENSSL], { stdio: ['pipe', 'pipe', 'pipe'] });
    return out;
  }

  /** `openssl cms -verify` of a DER SignedData; throws if OpenSSL refuses it. */
  opensslVerify(signatureDer, contentPath) {
    const sig = this.write(`verify-${Math.random().toString(36).slice(2)}.p7s`, signatureDer);
    const ca = this.write('chain.pem', this.root.pem + this.sub.pem);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null'];
    if (contentPath) args.push('-content', contentPath);
    return openssl(args).toString() + '';
  }

  /** Trust and revocation options for kyso that make this PKI's signatures pass. */
  options(extra = {}) {
    return { trust: { certificates: [this.root.pem] }, crls: [this.rootCrl, this.subCrl], ...extra };
  }

  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
