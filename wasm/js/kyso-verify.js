// <kyso-verify>: a framework-free Web Component that checks a signed file in the browser with
// kyso (verify-only build). Offline: nothing is fetched unless the host page sets `fetcher`.
// Documented in kyso-verify.d.ts and README.md. All texts about the signature (verdicts,
// reasons) come from kyso's message catalogue; the labels below are the widget's own.
import { verify, verifyPdf, isPdf, isKysoError } from './verify/index.js';

const LABELS = {
  vi: {
    title: 'Kiểm tra chữ ký số',
    signed: 'Tệp đã ký',
    signedHint: 'Kéo thả tệp PDF đã ký hoặc tệp chữ ký (.p7s, .p7m, .p7b) vào đây, hoặc',
    content: 'Nội dung gốc',
    contentHint: 'Chỉ cần với chữ ký tách rời (.p7s): kéo thả tệp gốc vào đây, hoặc',
    choose: 'Chọn tệp…',
    clear: 'Xóa',
    none: 'Chưa chọn tệp',
    checking: 'Đang kiểm tra chữ ký…',
    cannot: 'Không thể kiểm tra',
    signature: 'Chữ ký',
    organization: 'Cơ quan, tổ chức',
    jobTitle: 'Chức vụ',
    ids: 'Số định danh',
    signingTime: 'Thời điểm ký',
    claimed: 'giờ Việt Nam, theo khai báo của người ký',
    chain: 'Chuỗi chứng thư số',
    anchor: 'chứng thư gốc tin cậy',
    result: 'Kết quả',
    unknownSigner: 'Không xác định được người ký',
    notes: 'Ghi chú',
    field: 'Trường chữ ký',
    signer: 'Người ký',
    timestamp: 'Dấu thời gian',
  },
  en: {
    title: 'Check a digital signature',
    signed: 'Signed file',
    signedHint: 'Drop the signed PDF or the signature file (.p7s, .p7m, .p7b) here, or',
    content: 'Original content',
    contentHint: 'Only for detached signatures (.p7s): drop the original file here, or',
    choose: 'Choose file…',
    clear: 'Clear',
    none: 'No file chosen',
    checking: 'Checking the signature…',
    cannot: 'Cannot check',
    signature: 'Signature',
    organization: 'Agency / organisation',
    jobTitle: 'Title',
    ids: 'Identity numbers',
    signingTime: 'Signing time',
    claimed: 'Vietnam time, as claimed by the signer',
    chain: 'Certificate chain',
    anchor: 'trust anchor',
    result: 'Result',
    unknownSigner: 'Signer not identified',
    notes: 'Notes',
    field: 'Signature field',
    signer: 'Signer',
    timestamp: 'Time-stamp',
  },
};

const STYLE = `
:host {
  display: block;
  font-family: var(--kyso-font, system-ui, sans-serif);
  color: var(--kyso-text, #1b1f24);
  --_ok: var(--kyso-color-valid, #1a7f37);
  --_bad: var(--kyso-color-invalid, #c62828);
  --_warn: var(--kyso-color-indeterminate, #9a6700);
}
.kv { background: var(--kyso-background, #fff); border: var(--kyso-border, 1px solid #d0d7de);
  border-radius: var(--kyso-radius, 8px); padding: var(--kyso-padding, 1rem); }
h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
.zones { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.zone { border: 2px dashed var(--kyso-zone-border, #8c959f); border-radius: var(--kyso-radius, 8px);
  padding: .75rem; background: var(--kyso-zone-background, #f6f8fa); }
.zone.drag { border-color: var(--kyso-accent, #0969da); background: var(--kyso-zone-active, #ddf4ff); }
.zone h3 { font-size: 1rem; margin: 0 0 .25rem; }
.zone p { margin: .25rem 0; font-size: .9rem; }
.file { font-weight: 600; word-break: break-all; }
input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
button { font: inherit; padding: .35rem .8rem; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--kyso-accent, #0969da); background: var(--kyso-button-background, #fff);
  color: var(--kyso-accent, #0969da); margin-right: .4rem; }
button:focus-visible { outline: 3px solid var(--kyso-focus-ring, #0969da); outline-offset: 2px; }
.result:empty { display: none; }
.result { margin-top: 1rem; }
.verdict { display: flex; gap: .5rem; align-items: center; padding: .6rem .8rem; border-radius: 6px;
  color: #fff; font-weight: 600; }
.passed { background: var(--_ok); }
.failed { background: var(--_bad); }
.indeterminate { background: var(--_warn); }
.busy { background: var(--kyso-busy, #57606a); }
.reasons { margin: .5rem 0; padding-left: 1.2rem; }
.signers { list-style: none; padding: 0; margin: .75rem 0 0; display: grid; gap: .75rem; }
.signer { border: var(--kyso-border, 1px solid #d0d7de); border-left-width: 6px; border-radius: 6px; padding: .6rem .8rem; }
.signer.passed { border-left-color: var(--_ok); background: none; }
.signer.failed { border-left-color: var(--_bad); background: none; }
.signer.indeterminate { border-left-color: var(--_warn); background: none; }
.signer h4 { margin: 0 0 .4rem; font-size: 1.05rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; font-size: .92rem; }
dt { color: var(--kyso-muted, #57606a); }
dd { margin: 0; }
.chain { margin: 0; padding-left: 1.2rem; }
.chain span { color: var(--kyso-muted, #57606a); }
`;

/** `CN=…` of an RFC 4514 DN for display (full DN in the tooltip); the DN if there is no CN. */
function commonName(dn) {
  const m = /(?:^|,)CN=((?:\\.|[^,\\])*)/.exec(dn || '');
  return m ? m[1].replace(/\\(.)/g, '$1') : dn;
}

function statusClass(indication) {
  return indication === 'TOTAL-PASSED' ? 'passed' : indication === 'TOTAL-FAILED' ? 'failed' : 'indeterminate';
}

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Messages of `severity` anywhere in the report, each once. */
function messages(node, severity, out = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => messages(n, severity, out));
  else if (node && typeof node === 'object') {
    if (typeof node.code === 'string' && node.severity === severity && node.message) out.add(node.message);
    for (const v of Object.values(node)) if (v && typeof v === 'object') messages(v, severity, out);
  }
  return out;
}

let uid = 0;

export class KysoVerifyElement extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'bundles', 'policy'];
  }

  constructor() {
    super();
    this._id = `kyso-verify-${++uid}`;
    this._signed = null;
    this._content = null;
    this._run = 0;
    this._last = null;
    /** @type {(string|Uint8Array)[]} */
    this.trust = [];
    this.intermediates = [];
    this.crls = [];
    this.ocspResponses = [];
    this.fetcher = null;
    this.attachShadow({ mode: 'open' });
  }

  get lang() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'vi';
  }

  set lang(v) {
    this.setAttribute('lang', v);
  }

  /** The last report (or null). */
  get report() {
    return this._last && this._last.report ? this._last.report : null;
  }

  connectedCallback() {
    if (!this.shadowRoot.firstChild) this._render();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.shadowRoot.firstChild) return;
    this._render();
    // Errors are shown in the widget and sent as `kyso-verify-result`; not unhandled rejections.
    if (this._signed) this.check().catch(() => {});
  }

  /** Check `signed` (and detached `content`) programmatically, as if they had been dropped. */
  verifyFiles(signed, content) {
    this._signed = signed || null;
    this._content = content || null;
    this._render();
    return this.check();
  }

  /** Forget the files and the result. */
  reset() {
    this._signed = null;
    this._content = null;
    this._last = null;
    this._render();
  }

  _t() {
    return LABELS[this.lang];
  }

  _zone(kind) {
    const t = this._t();
    const inputId = `${this._id}-${kind}`;
    const file = kind === 'signed' ? this._signed : this._content;
    const input = h('input', {
      type: 'file', id: inputId, tabindex: '-1', 'aria-hidden': 'true',
      accept: kind === 'signed' ? '.pdf,.p7s,.p7m,.p7b,.p7c,.pem,.sig,application/pdf,application/pkcs7-signature,application/pkcs7-mime' : undefined,
      onchange: (ev) => {
        const f = ev.target.files && ev.target.files[0];
        if (f) this._pick(kind, f);
      },
    });
    const zone = h('div', { class: 'zone', part: 'dropzone', 'data-zone': kind, role: 'group', 'aria-labelledby': `${inputId}-h` },
      h('h3', { id: `${inputId}-h` }, kind === 'signed' ? t.signed : t.content),
      h('p', {}, kind === 'signed' ? t.signedHint : t.contentHint),
      h('p', { class: 'file' }, file ? file.name || '—' : t.none),
      input,
      h('button', { type: 'button', part: 'button', 'aria-describedby': `${inputId}-h`, onclick: () => input.click() }, t.choose),
      file ? h('button', { type: 'button', part: 'button', onclick: () => this._pick(kind, null) }, t.clear) : null,
    );
    zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('drag'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('drag'));
    zone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      zone.classList.remove('drag');
      const f = ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files[0];
      if (f) this._pick(kind, f);
    });
    return zone;
  }

  _pick(kind, file) {
    if (kind === 'signed') this._signed = file;
    else this._content = file;
    this._render();
    if (this._signed) this.check().catch(() => {});
    else { this._last = null; this._showResult(); }
  }

  _render() {
    const t = this._t();
    const root = this.shadowRoot;
    const focused = root.activeElement && root.activeElement.closest('.zone');
    const focusKind = focused && focused.dataset.zone;
    root.replaceChildren(
      h('style', {}, STYLE),
      h('section', { class: 'kv', part: 'container', lang: this.lang, 'aria-labelledby': `${this._id}-title` },
        h('h2', { id: `${this._id}-title` }, t.title),
        h('div', { class: 'zones' }, this._zone('signed'), this._zone('content')),
        h('div', { class: 'result', part: 'result', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }),
      ),
    );
    if (focusKind) {
      const b = root.querySelector(`.zone[data-zone="${focusKind}"] button`);
      if (b) b.focus();
    }
    this._showResult();
  }

  /** Verify the chosen files now; resolves to the report (or rejects with the error). */
  async check() {
    const run = ++this._run;
    if (!this._signed) return null;
    this._last = { busy: true };
    this._showResult();
    const bundles = (this.getAttribute('bundles') ?? 'vn').split(/[\s,]+/).filter((b) => b && b !== 'none');
    try {
      const options = {
        trust: { bundles, certificates: this.trust || [] },
        intermediates: this.intermediates || [],
        crls: this.crls || [],
        ocspResponses: this.ocspResponses || [],
        policy: this.getAttribute('policy') || 'vn-gov',
        fetcher: typeof this.fetcher === 'function' ? this.fetcher : undefined,
        lang: this.lang,
      };
      // A PDF (core's rule, `%PDF-` in the first KiB) carries its signatures inside: the
      // content zone does not apply to it.
      const report = await isPdf(this._signed)
        ? await verifyPdf(this._signed, options)
        : await verify(this._signed, { ...options, content: this._content || undefined });
      if (run !== this._run) return report;
      this._last = { report };
      this._showResult();
      this.dispatchEvent(new CustomEvent('kyso-verify-result', { detail: { report }, bubbles: true, composed: true }));
      return report;
    } catch (error) {
      if (run !== this._run) throw error;
      this._last = { error };
      this._showResult();
      this.dispatchEvent(new CustomEvent('kyso-verify-result', { detail: { error }, bubbles: true, composed: true }));
      throw error;
    }
  }

  _showResult() {
    const region = this.shadowRoot.querySelector('.result');
    if (!region) return;
    const t = this._t();
    const last = this._last;
    region.setAttribute('aria-busy', last && last.busy ? 'true' : 'false');
    if (!last) { region.replaceChildren(); return; }
    if (last.busy) {
      region.replaceChildren(h('div', { class: 'verdict busy', part: 'verdict' }, t.checking));
      return;
    }
    if (last.error) {
      const e = last.error;
      region.replaceChildren(
        h('div', { class: 'verdict indeterminate', part: 'verdict verdict-indeterminate' }, h('span', { 'aria-hidden': 'true' }, '!'), `${t.cannot}`),
        h('ul', { class: 'reasons' }, h('li', {}, isKysoError(e) ? `${e.message} (${e.code})` : String(e && e.message || e))),
      );
      return;
    }
    const r = last.report;
    const cls = statusClass(r.indication);
    const icon = { passed: '✓', failed: '✗', indeterminate: '?' }[cls];
    const reasons = r.indication === 'TOTAL-PASSED' ? [] : [...messages(r, 'error')];
    if (r.indication !== 'TOTAL-PASSED' && reasons.length === 0) reasons.push(...messages(r, 'warning'));
    region.replaceChildren(...[
      h('div', { class: `verdict ${cls}`, part: `verdict verdict-${cls}`, 'data-indication': r.indication },
        h('span', { 'aria-hidden': 'true' }, icon), h('span', {}, r.verdict)),
      reasons.length ? h('ul', { class: 'reasons', part: 'reasons' }, reasons.map((m) => h('li', {}, m))) : null,
      r.format === 'pdf'
        ? h('ol', { class: 'signers' }, r.signatures.map((s, i) => this._pdfSignature(s, i, r.signatures.length)))
        : h('ol', { class: 'signers' }, r.signers.map((s, i) => this._signer(s, i, r.signers.length))),
    ].filter(Boolean));
  }

  /** One signature of a PDF: its field, signer, verdict and modification level (core's texts). */
  _pdfSignature(s, i, n) {
    const t = this._t();
    const signers = s.cms && Array.isArray(s.cms.signers) ? s.cms.signers : [];
    const id = signers.length ? signers[0].signer : null;
    const name = id ? id.common_name || id.organization || id.subject : t.unknownSigner;
    const rows = [];
    const row = (k, v) => { if (v) rows.push(h('dt', {}, k), h('dd', {}, v)); };
    row(t.field, `${s.field} (${s.kind_text})`);
    row(t.signer, name);
    if (id) row(t.organization, [id.organization, ...(id.organizational_units || [])].filter(Boolean).join(', '));
    row(t.timestamp, this._timestamp(s.timestamp || (signers.length && signers[0].timestamps ? signers[0].timestamps[0] : null)));
    row(t.result, s.verdict);
    const notes = [...messages(s, 'error'), ...messages(s, 'warning')];
    return h('li', {
      class: `signer ${statusClass(s.indication)}`, part: 'signer', 'data-indication': s.indication,
      'data-field': s.field, 'data-modification-level': s.modification_level,
    },
    h('h4', {}, n > 1 ? `${t.signature} ${i + 1}: ${s.field}` : s.field),
    h('dl', {}, rows),
    h('p', { class: 'modification', part: 'modification' }, s.modification),
    notes.length ? h('details', {}, h('summary', {}, t.notes), h('ul', {}, [...new Set(notes)].map((m) => h('li', {}, m)))) : null,
    );
  }

  /** An instant in Vietnam time, in the widget's language. */
  _time(iso) {
    return new Intl.DateTimeFormat(this.lang === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    }).format(new Date(iso));
  }

  /** A time-stamp in one line: its time, the TSA, the verdict on it (core's text). */
  _timestamp(ts) {
    if (!ts) return null;
    const tsa = ts.tsa && ts.tsa.signer ? ts.tsa.signer.common_name || ts.tsa.signer.organization : ts.tsa_name;
    return [ts.gen_time && this._time(ts.gen_time), tsa, ts.verdict].filter(Boolean).join(' — ');
  }

  _signer(s, i, n) {
    const t = this._t();
    const id = s.signer;
    const name = id ? id.common_name || id.organization || id.subject : t.unknownSigner;
    const rows = [];
    const row = (k, v) => { if (v) rows.push(h('dt', {}, k), h('dd', {}, v)); };
    if (id) {
      row(t.organization, [id.organization, ...(id.organizational_units || [])].filter(Boolean).join(', '));
      row(t.jobTitle, id.title);
      row(t.ids, (id.vn_ids || []).map((x) => (x.kind === 'UID' ? x.value : `${x.kind}: ${x.value}`)).join('; '));
    }
    if (s.claimed_signing_time) row(t.signingTime, `${this._time(s.claimed_signing_time)} (${t.claimed})`);
    row(t.timestamp, this._timestamp(s.timestamps && s.timestamps[0]));
    row(t.result, s.verdict);
    const certs = s.chain ? s.chain.certificates : [];
    if (certs.length) {
      rows.push(h('dt', {}, t.chain), h('dd', {}, h('ol', { class: 'chain' }, certs.map((c) =>
        h('li', { title: c.subject }, commonName(c.subject), c.is_trust_anchor ? h('span', {}, ` (${t.anchor})`) : null)))));
    }
    const notes = [...messages(s, 'warning')];
    return h('li', { class: `signer ${statusClass(s.indication)}`, part: 'signer', 'data-indication': s.indication },
      h('h4', {}, n > 1 ? `${t.signature} ${i + 1}: ${name}` : name),
      h('dl', {}, rows),
      notes.length ? h('details', {}, h('summary', {}, t.notes), h('ul', {}, notes.map((m) => h('li', {}, m)))) : null,
    );
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('kyso-verify')) {
  customElements.define('kyso-verify', KysoVerifyElement);
}
