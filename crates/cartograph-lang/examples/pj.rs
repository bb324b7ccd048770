use cartograph_core::Language;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let p = cartograph_lang::parse(Language::JavaScript, &src);
    println!("exports {:?}", p.exports);
    for i in &p.imports {
        println!("import {:?}", i);
    }
    println!("module_uses {:?}", p.module_uses);
}
