//! Serializes o200k_base's byte-pair encoding, as `bpe-openai` builds it, for this crate to load
//! its own copy: one it can let go of, where `bpe_openai::o200k_base()` is a `static` that lives
//! as long as the process.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let encoding = rmp_serde::to_vec(&bpe_openai::o200k_base().bpe)?;
    std::fs::write(out_dir.join("o200k_base.dict"), encoding)?;
    println!("cargo::rerun-if-changed=build.rs");
    Ok(())
}
