use cartograph_core::Language;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let p = cartograph_lang::parse(Language::Rust, &src);
    for c in p.calls.iter() {
        println!(
            "{:?} {} {:?} {}",
            p.symbols.get(c.caller).map(|s| s.name.as_str()),
            c.name,
            c.receiver,
            c.line
        );
    }
}
