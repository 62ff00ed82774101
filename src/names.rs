//! The one way tilmach turns a small closed set of values (kinds, statuses, export formats, sort
//! locales) into names and back: `Display` writes the name, `FromStr` reads it and, for anything
//! else, returns [`crate::Error::InvalidValue`] listing the valid names and the nearest one.

/// Implements `Display` and `FromStr` for an enum with an `ALL` array of its values and a method
/// giving each value's name. `exact` names must match as written (glossary data);
/// `ignore_case` names match in any case (command-line values).
macro_rules! named_values {
    ($ty:ident, $name:ident, $what:literal, $compare:ident) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$name())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<$ty, crate::Error> {
                $ty::ALL
                    .into_iter()
                    .find(|v| crate::names::$compare(v.$name(), s))
                    .ok_or_else(|| crate::error::invalid_value($what, s, $ty::ALL.map($ty::$name)))
            }
        }
    };
}

/// Names that must match as written.
pub(crate) fn exact(name: &str, given: &str) -> bool {
    name == given
}

/// Names that match in any ASCII case.
pub(crate) fn ignore_case(name: &str, given: &str) -> bool {
    name.eq_ignore_ascii_case(given)
}
