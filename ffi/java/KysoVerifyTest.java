/*
 * Java 17 calling libkyso through JNA (Debian's libjna-java; the FFM API is still a preview in
 * Java 17). Verifies an OpenSSL-made signature, reads the signer's Vietnamese identity, the JSON
 * report and the Vietnamese text, checks that tampered content fails, and that errors carry a
 * code and a detail. Usage (ffi/run-tests.sh does this):
 *
 *   javac -encoding UTF-8 -cp /usr/share/java/jna.jar KysoVerifyTest.java
 *   java -cp /usr/share/java/jna.jar:. -Djna.library.path=$PREFIX/lib KysoVerifyTest FIXTURES_DIR
 *
 * The Kyso interface below is the part of kyso.h an e-office back end needs to verify.
 */
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public class KysoVerifyTest {
    /** C size_t. */
    public static class SizeT extends IntegerType {
        public SizeT() { this(0); }
        public SizeT(long value) { super(Native.SIZE_T_SIZE, value, true); }
    }

    public interface Kyso extends Library {
        // All strings crossing the boundary are UTF-8 (kyso.h), whatever the platform default.
        Kyso LIB = Native.load("kyso", Kyso.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int KYSO_OK = 0;
        int KYSO_UNKNOWN_BUNDLE = 1004;
        int KYSO_INDICATION_TOTAL_PASSED = 1;
        int KYSO_INDICATION_TOTAL_FAILED = 2;
        int KYSO_LANG_VI = 0;

        String kyso_version();
        String kyso_result_text(int result);
        String kyso_last_error_detail();

        int kyso_trust_store_new(PointerByReference out);
        int kyso_trust_store_from_bundle(String name, PointerByReference out);
        int kyso_trust_store_add_anchors_file(Pointer store, String path);
        void kyso_trust_store_free(Pointer store);

        int kyso_verify_options_new(PointerByReference out);
        int kyso_verify_options_set_trust_store(Pointer options, Pointer store);
        int kyso_verify_options_add_crl(Pointer options, byte[] data, SizeT len);
        void kyso_verify_options_free(Pointer options);

        int kyso_verify(byte[] signature, SizeT signatureLen, byte[] content, SizeT contentLen,
                        Pointer options, PointerByReference reportOut);
        int kyso_report_indication(Pointer report);
        String kyso_report_sub_indication(Pointer report);
        SizeT kyso_report_signer_count(Pointer report);
        int kyso_report_signer(Pointer report, SizeT index, PointerByReference signerOut);
        String kyso_report_json(Pointer report);
        String kyso_report_text(Pointer report, int lang);
        void kyso_report_free(Pointer report);

        String kyso_signer_report_common_name(Pointer signer);
        SizeT kyso_signer_report_vn_id_count(Pointer signer);
        int kyso_signer_report_vn_id(Pointer signer, SizeT index, PointerByReference kind, PointerByReference value);
        int kyso_signer_report_signing_time(Pointer signer, LongByReference unixSeconds);
    }

    static int passed, failed;

    static void check(boolean ok, String what) {
        if (ok) {
            passed++;
        } else {
            failed++;
            System.err.println("FAILED: " + what);
        }
    }

    static Pointer verify(Kyso k, Pointer options, byte[] sig, byte[] content) {
        PointerByReference out = new PointerByReference();
        int rc = content == null
            ? k.kyso_verify(sig, new SizeT(sig.length), null, new SizeT(0), options, out)
            : k.kyso_verify(sig, new SizeT(sig.length), content, new SizeT(content.length), options, out);
        check(rc == Kyso.KYSO_OK, "kyso_verify returns KYSO_OK: " + k.kyso_result_text(rc));
        return out.getValue();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Kyso k = Kyso.LIB;
        check(k.kyso_version().matches("\\d+\\.\\d+\\.\\d+"), "version " + k.kyso_version());

        // Errors: a code, its text, and the detail.
        PointerByReference ref = new PointerByReference();
        int rc = k.kyso_trust_store_from_bundle("khong-co", ref);
        check(rc == Kyso.KYSO_UNKNOWN_BUNDLE, "unknown bundle code " + rc);
        check(k.kyso_last_error_detail().contains("khong-co"), "detail names the bundle");

        // Options: trust the test CA, its CRL as revocation evidence.
        check(k.kyso_trust_store_new(ref) == Kyso.KYSO_OK, "store");
        Pointer store = ref.getValue();
        check(k.kyso_trust_store_add_anchors_file(store, dir.resolve("ca.pem").toString()) == Kyso.KYSO_OK, "anchors");
        check(k.kyso_verify_options_new(ref) == Kyso.KYSO_OK, "options");
        Pointer options = ref.getValue();
        check(k.kyso_verify_options_set_trust_store(options, store) == Kyso.KYSO_OK, "set store");
        k.kyso_trust_store_free(store);
        byte[] crl = Files.readAllBytes(dir.resolve("ca.crl"));
        check(k.kyso_verify_options_add_crl(options, crl, new SizeT(crl.length)) == Kyso.KYSO_OK, "crl");

        // An OpenSSL-made attached signature.
        byte[] sig = Files.readAllBytes(dir.resolve("ossl-rsa-attached.p7s"));
        Pointer report = verify(k, options, sig, null);
        check(k.kyso_report_indication(report) == Kyso.KYSO_INDICATION_TOTAL_PASSED, "TOTAL-PASSED");
        check(k.kyso_report_sub_indication(report) == null, "no sub-indication");
        check(k.kyso_report_signer_count(report).longValue() == 1, "one signer");
        check(k.kyso_report_signer(report, new SizeT(0), ref) == Kyso.KYSO_OK, "signer 0");
        Pointer signer = ref.getValue();
        check("Nguyễn Văn An".equals(k.kyso_signer_report_common_name(signer)), "Vietnamese CN round-trips");
        check(k.kyso_signer_report_vn_id_count(signer).longValue() == 1, "one UID identity");
        PointerByReference kind = new PointerByReference(), value = new PointerByReference();
        check(k.kyso_signer_report_vn_id(signer, new SizeT(0), kind, value) == Kyso.KYSO_OK, "vn id");
        check("CCCD".equals(kind.getValue().getString(0, "UTF-8")), "CCCD");
        check("001099012345".equals(value.getValue().getString(0, "UTF-8")), "CCCD number");
        LongByReference when = new LongByReference();
        check(k.kyso_signer_report_signing_time(signer, when) == Kyso.KYSO_OK, "signing time");
        check(Math.abs(when.getValue() - System.currentTimeMillis() / 1000) < 3600, "signing time is recent");
        check(k.kyso_report_json(report).contains("\"TOTAL-PASSED\""), "JSON");
        String vi = k.kyso_report_text(report, Kyso.KYSO_LANG_VI);
        check(vi != null && vi.contains("Nguyễn Văn An"), "Vietnamese text");
        k.kyso_report_free(report);

        // Detached, with tampered content.
        byte[] detached = Files.readAllBytes(dir.resolve("ossl-rsa-detached.p7s"));
        byte[] content = Files.readAllBytes(dir.resolve("content.txt"));
        report = verify(k, options, detached, content);
        check(k.kyso_report_indication(report) == Kyso.KYSO_INDICATION_TOTAL_PASSED, "detached TOTAL-PASSED");
        k.kyso_report_free(report);
        content[0] ^= 1;
        report = verify(k, options, detached, content);
        check(k.kyso_report_indication(report) == Kyso.KYSO_INDICATION_TOTAL_FAILED, "tampered TOTAL-FAILED");
        check("HASH_FAILURE".equals(k.kyso_report_sub_indication(report)), "HASH_FAILURE");
        k.kyso_report_free(report);

        k.kyso_verify_options_free(options);
        k.kyso_verify_options_free(null); // _free(NULL) is a no-op
        System.out.println("java (JNA): " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
