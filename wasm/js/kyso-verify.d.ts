// Type definitions for kyso-wasm/widget: the <kyso-verify> custom element. Importing the
// module defines the element.
import type { Bytes, Fetcher, PdfReport, Report } from './index.js';

/**
 * `<kyso-verify>`: drop zone / file picker for a signed PDF or a signature file (and the original
 * content of a detached signature), verified in the browser with kyso's verify-only build. Shows per signer
 * the person or agency, Vietnamese identity numbers, signing time and certificate chain, and a
 * green / red / amber verdict with the reason.
 *
 * Attributes: `lang` (`vi` default, `en`), `bundles` (space-separated trust bundles, default
 * `vn`; `none` for no bundle), `policy` (`vn-gov` default, `strict`).
 *
 * Styling: CSS custom properties `--kyso-font`, `--kyso-text`, `--kyso-muted`,
 * `--kyso-background`, `--kyso-border`, `--kyso-radius`, `--kyso-padding`, `--kyso-accent`,
 * `--kyso-focus-ring`, `--kyso-button-background`, `--kyso-zone-border`,
 * `--kyso-zone-background`, `--kyso-zone-active`, `--kyso-color-valid`,
 * `--kyso-color-invalid`, `--kyso-color-indeterminate`, `--kyso-busy`; parts `container`,
 * `dropzone`, `button`, `result`, `verdict`, `verdict-passed`, `verdict-failed`,
 * `verdict-indeterminate`, `reasons`, `signer`, `modification` (a PDF signature's changes after
 * signing; PDF signatures also carry `data-field` and `data-modification-level`).
 *
 * Event: `kyso-verify-result` (bubbles, composed) with `detail.report` or `detail.error`.
 */
export class KysoVerifyElement extends HTMLElement {
  /** `vi` (default) or `en`; reflects the `lang` attribute. */
  lang: string;
  /** More trust anchors (PEM text or DER), in addition to the `bundles` attribute. */
  trust: (string | Bytes)[];
  /** Untrusted intermediate CA certificates. */
  intermediates: (string | Bytes)[];
  /** CRLs (DER or PEM) for revocation checking. */
  crls: (string | Bytes)[];
  /** DER OCSP responses for revocation checking. */
  ocspResponses: Bytes[];
  /** Allows network access for revocation data; `null` (default) keeps the widget offline. */
  fetcher: Fetcher | null;
  /** The last report, or null. */
  readonly report: Report | PdfReport | null;
  /** Check files programmatically, as if they had been dropped; resolves to the report. */
  verifyFiles(signed: Blob, content?: Blob | null): Promise<Report | PdfReport | null>;
  /** Re-check the current files (e.g. after changing `trust` or `crls`). */
  check(): Promise<Report | PdfReport | null>;
  /** Forget the files and the result. */
  reset(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    /** The kyso signature verification widget. */
    'kyso-verify': KysoVerifyElement;
  }
  interface HTMLElementEventMap {
    /** Fired by `<kyso-verify>` after each check. */
    'kyso-verify-result': CustomEvent<{ report?: Report | PdfReport; error?: Error }>;
  }
}
