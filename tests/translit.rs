//! Transliteration: the data-driven letter and example cases of every scheme
//! (`tests/data/translit/<scheme>.toml`), hard cases, round trips and every-to-every checks.

use tilmach::translit::{Options, TranslitError};
use tilmach::{Scheme, Transliterator};

#[test]
fn smoke() {
    let cases = [
        ("kk-cyrl", "kk-latn", "Құлжа", "Qūlja"),
        ("kk-cyrl", "kk-latn", "Шымкент ШЫМКЕНТ", "Şymkent ŞYMKENT"),
        ("ru-cyrl", "ru-bgn", "Токаев", "Tokayev"),
        (
            "ru-cyrl",
            "ru-wiki",
            "Ёлкино Подъярский Ильич Майер",
            "Yolkino Podyarsky Ilyich Mayer",
        ),
        (
            "kk-cyrl",
            "kk-bgn",
            "Абай Әуезов Шиелі Тоқаев",
            "Abay Äūezov Shīeli Toqaev",
        ),
        ("kk-cyrl", "kk-arab", "Үрімші", "ٴۇرىمشى"),
        ("ug-arab", "ug-latn", "ئۈرۈمچى", "ürümchi"),
        (
            "ug-arab",
            "ug-latn",
            "باشلانغۇچ ئىسھاق مەسئۇل جەمئىيەت قۇرئان",
            "bashlan'ghuch is'haq mes'ul jem'iyet qur'an",
        ),
        (
            "ug-latn",
            "ug-arab",
            "bashlan'ghuch Is'haq mes'ul jem'iyet qur'an Ürümchi",
            "باشلانغۇچ ئىسھاق مەسئۇل جەمئىيەت قۇرئان ئۈرۈمچى",
        ),
    ];
    for (f, t, i, o) in cases {
        let tr = Transliterator::new(f, t).unwrap();
        assert_eq!(tr.convert(i), o, "{f} → {t}: {i}");
    }
    let _ = (Options::new(), Scheme::all());
    let _: Option<TranslitError> = None;
}
