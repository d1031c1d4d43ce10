//! Distinguished names as Vietnamese CAs write them (docs/vietnam.md §5): UTF8String values with
//! diacritics, `UID` holding `CCCD:`/`CMND:`/`MST:`/`MNS:` identities, `T` for the title,
//! `E` (PKCS #9 emailAddress, IA5String) and `C` as PrintableString (RFC 5280 §4.1.2.4 /
//! Appendix A).

use der::asn1::{Ia5String, ObjectIdentifier as Oid, PrintableString, SetOfVec, Utf8StringRef};
use der::{Any, Decode, Encode};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;

use crate::PkiError;

/// A DN under construction, attributes kept in the order given (RFC 5280 leaves order to the
/// CA; VGCA writes `C` first, others `CN` first — both appear in real certificates).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dn {
    attrs: Vec<(Oid, String)>,
}

impl Dn {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append any attribute (UTF8String unless the type requires another string type).
    pub fn attr(mut self, oid: Oid, value: &str) -> Self {
        self.attrs.push((oid, value.to_owned()));
        self
    }

    pub fn c(self, v: &str) -> Self {
        self.attr(kyso::oid::C, v)
    }
    pub fn st(self, v: &str) -> Self {
        self.attr(kyso::oid::ST, v)
    }
    pub fn l(self, v: &str) -> Self {
        self.attr(kyso::oid::L, v)
    }
    pub fn o(self, v: &str) -> Self {
        self.attr(kyso::oid::O, v)
    }
    pub fn ou(self, v: &str) -> Self {
        self.attr(kyso::oid::OU, v)
    }
    pub fn t(self, v: &str) -> Self {
        self.attr(kyso::oid::TITLE, v)
    }
    pub fn cn(self, v: &str) -> Self {
        self.attr(kyso::oid::CN, v)
    }
    /// `UID` (RFC 4519 `uid`), e.g. `CCCD:001085012345` or `MST:0100686209`.
    pub fn uid(self, v: &str) -> Self {
        self.attr(kyso::oid::UID, v)
    }
    /// `E` (PKCS #9 emailAddress).
    pub fn email(self, v: &str) -> Self {
        self.attr(kyso::oid::EMAIL_ADDRESS, v)
    }

    /// The first value of `oid`.
    pub fn first(&self, oid: Oid) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(o, _)| *o == oid)
            .map(|(_, v)| v.as_str())
    }

    /// Encode as an X.509 `Name`: one attribute per RDN.
    pub fn to_name(&self) -> Result<Name, PkiError> {
        let enc = |what| PkiError::Encoding { what };
        let mut rdns: Vec<SetOfVec<AttributeTypeAndValue>> = Vec::new();
        for (oid, value) in &self.attrs {
            let any = if *oid == kyso::oid::C || *oid == kyso::oid::SERIAL_NUMBER {
                Any::encode_from(&PrintableString::new(value).map_err(|_| enc("PrintableString"))?)
            } else if *oid == kyso::oid::EMAIL_ADDRESS {
                Any::encode_from(&Ia5String::new(value).map_err(|_| enc("IA5String"))?)
            } else {
                Any::encode_from(&Utf8StringRef::new(value).map_err(|_| enc("UTF8String"))?)
            }
            .map_err(|_| enc("attribute value"))?;
            let mut set = SetOfVec::new();
            set.insert(AttributeTypeAndValue {
                oid: *oid,
                value: any,
            })
            .map_err(|_| enc("RelativeDistinguishedName"))?;
            rdns.push(set);
        }
        // `Name` offers no public constructor from parts without the hazmat escape hatch; its
        // DER is `SEQUENCE OF SET OF AttributeTypeAndValue` (RFC 5280 §4.1.2.4), so encode that
        // and decode it back.
        let der = rdns.to_der().map_err(|_| enc("Name"))?;
        Name::from_der(&der).map_err(|_| enc("Name"))
    }
}
