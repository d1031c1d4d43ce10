// Compiled (never run) by `tsc --noEmit`: the hand-written declarations, used the way the
// README shows, must type-check against the installed package by its public name.
import { verify, validateChain, prepare, finish, signWithWebCrypto, schemeForKey, httpFetcher, isKysoError, init, verifyPdf, isPdf, preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto } from 'kyso-wasm';
import type { Report, SignerReport, ChainReport, Fetcher, ErrorCode, PreparedSignature, PdfReport, ModificationLevel, PreparedPdfSignature, PdfSignRequest } from 'kyso-wasm';
import * as verifyOnly from 'kyso-wasm/verify';
import type { KysoVerifyElement } from 'kyso-wasm/widget';

export async function example(p7s: Uint8Array, file: Blob, key: CryptoKey, rootPem: string): Promise<string> {
  await init();
  const report: Report = await verify(p7s, { content: file.stream(), trust: { bundles: ['vn'], certificates: [rootPem] }, lang: 'en' });
  const first: SignerReport | undefined = report.signers[0];
  const name: string | null | undefined = first?.signer?.common_name;
  const cccd = first?.signer?.vn_ids.find((id) => id.kind === 'CCCD')?.value;
  const fetcher: Fetcher = httpFetcher({ timeoutMs: 5000, allow: (u) => u.startsWith('http://') });
  const chain: ChainReport = await validateChain([rootPem], { purpose: 'any', fetcher, time: new Date() });
  const prepared: PreparedSignature = await prepare({ content: file, certificate: rootPem, scheme: schemeForKey(key) });
  // `webCrypto` is null for SHA-3 schemes (WebCrypto has no SHA-3).
  if (prepared.webCrypto === null) throw new Error(`${prepared.scheme}: not a WebCrypto scheme`);
  const signature = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, key, prepared.toBeSigned));
  const der: Uint8Array = await finish(prepared, signature);
  const again: Uint8Array = await signWithWebCrypto(key, { content: der, detached: true, certificate: rootPem });
  const small: Report = await verifyOnly.verify(again, { dangerWithoutRevocation: true, policy: 'strict' });
  try {
    await verify(p7s, { trust: { bundles: ['vgca'] } });
  } catch (e) {
    if (isKysoError(e)) {
      const code: ErrorCode = e.code;
      return code;
    }
  }
  const blob = file;
  if (await isPdf(blob)) {
    const pdf: PdfReport = await verifyPdf(blob, { password: 'mat-khau', lang: 'en' });
    const level: ModificationLevel = pdf.signatures[0].modification_level;
    const pdf2: PdfReport = await verifyOnly.verifyPdf(blob.stream(), { crls: [der] });
    console.log(level, pdf.signatures[0].cms?.signers.length, pdf2.revisions, pdf.signatures[0].modification);
    const request: PdfSignRequest = { certificate: rootPem, scheme: 'ecdsa-sha256', certify: 2, subFilter: 'cades', page: 1, rect: { x: 350, y: 80, width: 200, height: 60 }, reason: 'Phê duyệt' };
    const preparedPdf: PreparedPdfSignature = await preparePdfSignature(blob, request);
    const sig = new Uint8Array(await crypto.subtle.sign(preparedPdf.webCrypto ?? 'ECDSA', key, preparedPdf.toBeSigned));
    const signedPdf: Uint8Array = await finishPdfSignature({ state: preparedPdf.state, pdf: preparedPdf.pdf }, sig);
    const twice: Uint8Array = await signPdfWithWebCrypto(key, signedPdf, { certificate: rootPem, field: 'CoQuan' });
    console.log(twice.length);
    // @ts-expect-error: the verify-only build cannot sign PDFs.
    await verifyOnly.preparePdfSignature(blob, request);
  }
  const el: KysoVerifyElement = document.createElement('kyso-verify');
  el.crls = [der];
  el.addEventListener('kyso-verify-result', (ev) => console.log(ev.detail.report?.indication));
  return `${name} ${cccd} ${chain.indication} ${small.verdict} ${report.sub_indication ?? ''}`;
}

// Time-stamps (full build): verifyTimestamp, timestamp, timestampSignature, and the report fields.
import { verifyTimestamp, timestamp, timestampSignature } from 'kyso-wasm';
import type { TimestampReport, TimestampSignatureOptions } from 'kyso-wasm';

export async function timestamps(p7s: Uint8Array, data: Blob, tsaRoot: string): Promise<string> {
  const options: TimestampSignatureOptions = { tsa: 'https://tsa.example.vn/', signerIndex: 0, trust: { certificates: [tsaRoot] }, fetch: (u, i) => fetch(u, i) };
  const stamped: Uint8Array = await timestampSignature(p7s, options);
  const report: Report = await verify(stamped, { content: data });
  const ts: TimestampReport | undefined = report.signers[0].timestamps?.[0];
  const token: Uint8Array = await timestamp(data, { tsa: 'https://tsa.example.vn/' });
  const checked: TimestampReport = await verifyTimestamp(token, data, { lang: 'en' });
  const pdf: PdfReport = await verifyPdf(data);
  try {
    await timestamp(data, { tsa: 'https://tsa.example.vn/' });
  } catch (e) {
    if (isKysoError(e) && e.code === 'tsp.not-taken') return e.report?.findings[0]?.message ?? '';
  }
  // @ts-expect-error: the verify-only build has no time-stamping.
  await verifyOnly.timestampSignature(p7s, options);
  return `${ts?.gen_time} ${ts?.tsa?.signer?.common_name} ${report.signers[0].level} ${checked.verdict} ${pdf.signatures[0].level} ${pdf.signatures[0].timestamp?.gen_time}`;
}

import { extendCms, extendPdf } from 'kyso-wasm';
import type { Extension } from 'kyso-wasm';

export async function extend(p7s: Uint8Array, pdf: Blob, content: Blob): Promise<boolean> {
  const cms: Extension = await extendCms(p7s, { content, level: 'b-lt', tsa: 'https://tsa.example.vn/', fetcher: httpFetcher() });
  const doc: Extension = await extendPdf(pdf, { level: 'b-lta', tsa: 'https://tsa.example.vn/' });
  return cms.report.complete && doc.report.timestamps.length > 0 && doc.data.length > 0;
}
